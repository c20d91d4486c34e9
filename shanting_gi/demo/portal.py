"""Demo data of the portal's sections: the real documents (the district's implementation plan,
the laws, the rules on complaints) with their real numbers and sources, brand-use notes per
product, and invented example records (示例) for the FAQ, news, events, parks, associations
and packaging.

Each real fact keeps its source and its certainty as separate values (CERTAIN ✓ read in a
primary source, SECONDARY ~ read only in a secondary copy or recalled from public copies,
UNKNOWN ? not confirmed), as /work/shared/FACTS.md asks: anything but ✓ is stored
unverified, and the page shows it as 待核 / to be verified with its source. A number that
was not found stays blank.

`seed_portal` is idempotent: every row is looked up by its natural key (a document's kind and
title, an article's or event's title, a park's or association's name, an answer's public
question) and left alone when it is there, so a correction made in the back-office is never
undone.
"""

import datetime

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from producers.register.models import Producer
from products.models import Document, DocumentKind, Product, Town
from shanting_gi.core.history import save_with_history
from shanting_gi.demo import images as demo_images
from shanting_gi.portal import services
from shanting_gi.portal.models import (
    Article,
    ArticleKind,
    Association,
    Consultation,
    ConsultationTopic,
    DemonstrationPark,
    Event,
    EventKind,
    PackagingDesign,
    ParkKind,
)

d = datetime.date
CERTAIN, SECONDARY, UNKNOWN = "✓", "~", "?"
CHERRY = "shanting-fire-cherry"
JUJUBE = "dianzi-long-red-jujube"
CHECK_AT = "to be checked against the official text (国家法律法规数据库 flk.npc.gov.cn)"

# --- Real documents ---------------------------------------------------------------------------

DOCUMENTS = [
    {
        "kind": DocumentKind.POLICY,
        "number": "山政办字〔2021〕7号",
        "title": "山亭区创建国家地理标志产品保护示范区工作实施方案",
        "title_en": (
            "Implementation plan of Shanting District for building a national demonstration "
            "zone for the protection of geographical-indication products"
        ),
        "issuing_body": "山亭区人民政府办公室",
        "issuing_body_en": "General Office of the Shanting District People's Government",
        "issued_on": d(2021, 4, 14),
        "effective_on": d(2021, 4, 14),
        "body": (
            "【本平台摘要，非官方全文；全文待局方录入】\n"
            "本方案是本平台的依据。方案要求：公开已登记的地理标志产品；为生产者提供技术规程、"
            "法律法规和品牌使用方面的咨询；向消费者宣传如何识别正品、如何维护自身权益。"
            "方案还要求区市场监督管理局牵头开展宣传，在超市设立地理标志产品专柜，"
            "建设示范生产园区，组建行业协会并推行规范包装，文旅部门组织文化旅游活动。\n"
            "目标：地理标志专用标志规范使用率不低于80%，并达到国家地理标志产品保护示范区的条件"
            "（专用标志使用人占生产者总数、使用人产量占总产量均不低于60%）。"
        ),
        "body_en": (
            "[Summary by this platform, not the official text; the full text is to be entered "
            "by the bureau.]\nThe plan is this platform's basis. It asks for the registered GI "
            "products to be published, for producers to be given consultation on technical "
            "regulations, laws and brand use, and for consumers to learn how to recognise "
            "genuine products and defend their rights. It also asks the district market "
            "supervision bureau to lead publicity, to set up GI counters in supermarkets, to "
            "build demonstration production parks and an industry association with standard "
            "packaging, and the culture and tourism bureau to organise events.\nTargets: a "
            "standard-use rate of the special mark of at least 80 %, and the conditions of a "
            "national demonstration zone (mark users at least 60 % of producers and of output)."
        ),
        "certainty": SECONDARY,
        "source": (
            "Number, date and title as cited in the platform's requirements (issue 14), not "
            "read in the official document; issuer inferred from the prefix 山政办字; body "
            "summarised from the same requirements."
        ),
    },
    {
        "kind": DocumentKind.LAW,
        "number": "中华人民共和国主席令第二十九号",
        "title": "中华人民共和国商标法",
        "title_en": "Trademark Law of the People's Republic of China",
        "issuing_body": "全国人民代表大会常务委员会",
        "issuing_body_en": "Standing Committee of the National People's Congress",
        "issued_on": d(2019, 4, 23),
        "effective_on": d(2019, 11, 1),
        "body": (
            "1982年通过，2019年第四次修正。与地理标志有关的主要规定：地理标志可以作为证明商标"
            "或者集体商标申请注册（第三条规定集体商标、证明商标）；商标中有商品的地理标志，"
            "而该商品并非来源于该标志所标示的地区，误导公众的，不予注册并禁止使用（第十六条）。"
        ),
        "body_en": (
            "Adopted in 1982, amended for the fourth time in 2019. On geographical indications: "
            "a GI may be registered as a certification mark or a collective mark (article 3 "
            "defines both); a mark containing a GI of goods that do not come from the region it "
            "names, misleading the public, is refused registration and its use is prohibited "
            "(article 16)."
        ),
        "certainty": SECONDARY,
        "source": f"Dates, order number and articles recalled from public copies; {CHECK_AT}.",
    },
    {
        "kind": DocumentKind.LAW,
        "number": "",
        "title": "中华人民共和国产品质量法",
        "title_en": "Product Quality Law of the People's Republic of China",
        "issuing_body": "全国人民代表大会常务委员会",
        "issuing_body_en": "Standing Committee of the National People's Congress",
        "issued_on": d(2018, 12, 29),
        "effective_on": d(2018, 12, 29),
        "body": (
            "1993年通过，2018年第三次修正。禁止伪造产品的产地，禁止伪造或者冒用认证标志等质量"
            "标志；生产者、销售者对其生产、销售的产品质量负责。（最近一次修正的主席令号未查到，待核。）"
        ),
        "body_en": (
            "Adopted in 1993, amended for the third time in 2018. Forging a product's place of "
            "origin, and forging or misusing quality marks, are prohibited; producers and "
            "sellers answer for the quality of what they make and sell. (The order number of "
            "the latest amendment was not found.)"
        ),
        "certainty": SECONDARY,
        "source": f"Dates and rules recalled from public copies; number not found; {CHECK_AT}.",
    },
    {
        "kind": DocumentKind.LAW,
        "number": "",
        "title": "中华人民共和国反不正当竞争法",
        "title_en": "Anti-Unfair Competition Law of the People's Republic of China",
        "issuing_body": "全国人民代表大会常务委员会",
        "issuing_body_en": "Standing Committee of the National People's Congress",
        "issued_on": d(2025, 6, 27),
        "effective_on": d(2025, 10, 15),
        "body": (
            "1993年通过，2017年修订，2019年修正，2025年再次修订。禁止经营者实施混淆行为，"
            "引人误认为是他人商品或者与他人存在特定联系；禁止对商品的产地、质量等作虚假或者"
            "引人误解的商业宣传。（修订的主席令号未查到，待核。）"
        ),
        "body_en": (
            "Adopted in 1993, revised in 2017, amended in 2019 and revised again in 2025. "
            "Prohibits confusing conduct that makes buyers take goods for another's or assume a "
            "link with another, and false or misleading publicity about the origin or quality "
            "of goods. (The order number of the revision was not found.)"
        ),
        "certainty": SECONDARY,
        "source": (
            f"Revision and in-force dates recalled from public reports; number not found; "
            f"{CHECK_AT}."
        ),
    },
    {
        "kind": DocumentKind.LAW,
        "number": "中华人民共和国主席令第七号",
        "title": "中华人民共和国消费者权益保护法",
        "title_en": "Law of the People's Republic of China on the Protection of Consumer Rights and Interests",
        "issuing_body": "全国人民代表大会常务委员会",
        "issuing_body_en": "Standing Committee of the National People's Congress",
        "issued_on": d(2013, 10, 25),
        "effective_on": d(2014, 3, 15),
        "body": (
            "1993年通过，2009年、2013年修正。消费者享有知悉商品真实情况的权利；经营者提供商品"
            "有欺诈行为的，应当按照消费者的要求增加赔偿，增加赔偿的金额为购买商品价款的三倍，"
            "不足五百元的为五百元（第五十五条）；消费者向有关行政部门投诉的，该部门应当自收到"
            "投诉之日起七个工作日内予以处理并告知消费者（第四十六条）。"
        ),
        "body_en": (
            "Adopted in 1993, amended in 2009 and 2013. Consumers have the right to know the "
            "true facts of goods; a business that sells goods fraudulently pays, at the "
            "consumer's request, additional compensation of three times the price, at least 500 "
            "yuan (article 55); an authority receiving a consumer's complaint handles it and "
            "tells the consumer within seven working days (article 46)."
        ),
        "certainty": SECONDARY,
        "source": f"Dates, order number and articles recalled from public copies; {CHECK_AT}.",
    },
    {
        "kind": DocumentKind.LAW,
        "number": "国家市场监督管理总局令第20号",
        "title": "市场监督管理投诉举报处理暂行办法",
        "title_en": "Interim Measures for Handling Complaints and Reports by Market Regulation Authorities",
        "issuing_body": "国家市场监督管理总局",
        "issuing_body_en": "State Administration for Market Regulation",
        "issued_on": d(2019, 11, 30),
        "effective_on": d(2020, 1, 1),
        "body": (
            "规定市场监督管理部门如何受理、处理消费者投诉和举报，包括受理条件、调解和时限。"
            "全国12315平台和12315热线按本办法处理投诉举报。"
        ),
        "body_en": (
            "How market regulation authorities accept and handle consumers' complaints and "
            "reports, including the conditions for accepting them, mediation and time limits. "
            "The national 12315 platform and hotline work under these measures."
        ),
        "certainty": SECONDARY,
        "source": (
            "Number and dates recalled from public copies (later amendments not checked); "
            f"{CHECK_AT.replace('国家法律法规数据库 flk.npc.gov.cn', 'the SAMR website')}."
        ),
    },
    {
        "kind": DocumentKind.RIGHTS_PROTECTION,
        "number": "",
        "title": "投诉的受理时限和维权时效（摘要）",
        "title_en": "Time limits for complaints and claims (summary)",
        "issuing_body": "",
        "issuing_body_en": "",
        "issued_on": None,
        "effective_on": None,
        "body": (
            "1. 市场监督管理部门自收到投诉之日起七个工作日内作出是否受理的决定，并告知投诉人"
            "（《消费者权益保护法》第四十六条、《市场监督管理投诉举报处理暂行办法》）。\n"
            "2. 自知道或者应当知道权益受到侵害之日起超过三年的投诉，一般不予受理（《市场监督管理"
            "投诉举报处理暂行办法》）。\n"
            "3. 受理后组织调解的，一般自受理之日起四十五个工作日内终结（同上）。\n"
            "4. 向人民法院请求保护民事权利的诉讼时效期间一般为三年（《中华人民共和国民法典》"
            "第一百八十八条）。\n"
            "5. 经营者有欺诈行为的，消费者可以要求三倍价款的增加赔偿，不足五百元的为五百元"
            "（《消费者权益保护法》第五十五条）。\n"
            "（本平台整理的摘要，以官方文本为准。）"
        ),
        "body_en": (
            "1. A market regulation authority decides within seven working days of receiving a "
            "complaint whether to accept it, and tells the complainant (Consumer Rights Law "
            "art. 46; Interim Measures on complaints and reports).\n"
            "2. A complaint made more than three years after the consumer knew or should have "
            "known of the harm is generally not accepted (Interim Measures).\n"
            "3. Mediation after acceptance generally ends within 45 working days (ibid.).\n"
            "4. The limitation period for asking a court to protect civil rights is generally "
            "three years (Civil Code art. 188).\n"
            "5. Where a business acted fraudulently, the consumer may claim additional "
            "compensation of three times the price, at least 500 yuan (Consumer Rights Law "
            "art. 55).\n(A summary by this platform; the official texts prevail.)"
        ),
        "certainty": SECONDARY,
        "source": (
            "Summarised by this platform from recalled public copies of the laws named in each "
            f"point; {CHECK_AT}."
        ),
    },
]

BRAND_USE_NOTE = {
    "body": (
        "【用标须知，本平台依据专用标志使用规定整理，示例文本，待局方审定】\n"
        "1. 谁可以用：只有经公告核准使用地理标志专用标志、且核准仍在有效期内的生产者，"
        "才能在{name}上使用专用标志。核准被暂停、撤销或到期后必须停止使用。\n"
        "2. 怎么印：使用新版专用标志（2019年10月16日发布）；在标志的指定位置标注本企业的"
        "18位统一社会信用代码；同时标注地理标志产品名称“{name}”；包装或标签上标注产品标准号"
        "{standard}或核准公告号。\n"
        "3. 不得做的：不得使用旧版标志（2020年12月31日后作废）；不得把标志借给、转让给他人使用；"
        "不得用在保护范围以外或不符合标准的产品上；不得使用“××风味”“××型”“××同款”等"
        "误导性字样；不得擅自改变标志的图案、颜色和比例。\n"
        "4. 年度报告：使用人应按规定报送专用标志的使用情况。已注册本平台账号的生产者，可以在"
        "“生产者登录”后在线提交年度使用报告。"
    ),
    "body_en": (
        "[Notes for users of the mark, compiled by this platform from the special-mark rules; "
        "example text awaiting the bureau's approval.]\n"
        "1. Who may use it: only producers approved by announcement to use the GI special "
        "mark on {name_en}, while the approval is in force. Use stops when the approval is "
        "suspended, revoked or expires.\n"
        "2. How to print it: use the current mark (released 16 October 2019); print your "
        "18-character unified social credit code at the mark's designated position; show the "
        "GI name “{name}” with it; and print the product standard number {standard} or the "
        "approval announcement number on the package or label.\n"
        "3. What is forbidden: the old marks (void after 31 December 2020); lending or "
        "passing the mark to others; using it on produce from outside the protection area or "
        "not meeting the standard; misleading wording such as 'flavour', 'style' or 'same "
        "as'; changing the mark's design, colours or proportions.\n"
        "4. Annual report: users report their use of the mark as required. Producers with "
        "an account on this platform can file the annual use report online after signing in."
    ),
    "source": (
        "Written for this platform from 《地理标志专用标志使用管理办法（试行）》(国家知识产权局公告"
        "第354号, secondary copy, to be verified) and the product standard; 示例 text."
    ),
}
BRAND_USE_PRODUCTS = [
    (CHERRY, "DB3704/T 0035—2023"),
    (JUJUBE, "DB3704/T 0033—2023"),
]

# --- Invented examples (示例) -------------------------------------------------------------------

EXAMPLE = "示例 — invented for the demonstration"
BUREAU = "山亭区市场监督管理局"
BUREAU_EN = "Shanting District Administration for Market Regulation"

FAQ = [
    {
        "topic": ConsultationTopic.BRAND_USE,
        "product": CHERRY,
        "question": "我们合作社刚获准使用专用标志，包装上要印哪些内容？（示例提问）",
        "public_question": "获准使用地理标志专用标志后，山亭火樱桃的包装上应当标注哪些内容？",
        "public_question_en": (
            "Once approved to use the GI special mark, what must a Shanting fire cherry "
            "package show?"
        ),
        "answer": (
            "应使用新版专用标志，并在标志指定位置标注本单位的统一社会信用代码，同时标注“山亭火樱桃”"
            "名称和产品标准号 DB3704/T 0035—2023（或核准公告号）。详见本平台“品牌使用注意事项”。"
            "（示例答复）"
        ),
        "answer_en": (
            "Use the current special mark, print your unified social credit code at its "
            "designated position, and show the name “山亭火樱桃” with the standard number "
            "DB3704/T 0035—2023 (or the approval announcement number). See the brand-use notes "
            "on this platform. (Example answer.)"
        ),
    },
    {
        "topic": ConsultationTopic.LAW,
        "product": None,
        "question": "别的地方产的樱桃能不能叫“山亭火樱桃”卖？（示例提问）",
        "public_question": "产地不在保护范围内的樱桃，可以用“山亭火樱桃”的名称销售吗？",
        "public_question_en": (
            "May cherries grown outside the protection area be sold as “Shanting fire cherry”?"
        ),
        "answer": (
            "不可以。地理标志产品名称只能用于保护范围内、符合标准的产品。冒用产地名称、伪造产地，"
            "属于《产品质量法》《商标法》等禁止的行为，可以向12315或本平台投诉举报。（示例答复）"
        ),
        "answer_en": (
            "No. A GI name may only be used for produce from the protection area that meets "
            "the standard. Passing off the origin is prohibited by the Product Quality Law and "
            "the Trademark Law, among others; report it through 12315 or this platform. "
            "(Example answer.)"
        ),
    },
    {
        "topic": ConsultationTopic.TECHNICAL,
        "product": CHERRY,
        "question": "火樱桃生产技术规程是哪个标准？在哪里能看到？（示例提问）",
        "public_question": "山亭火樱桃的生产技术规程是哪个标准？",
        "public_question_en": "Which standard is the code of practice for growing Shanting fire cherry?",
        "answer": (
            "是枣庄市地方标准 DB3704/T 005—2020《山亭火樱桃生产技术规程》，本平台文件库中有其摘要。"
            "（示例答复）"
        ),
        "answer_en": (
            "The Zaozhuang local standard DB3704/T 005—2020, Code of practice for growing "
            "Shanting Fire Cherry; its summary is in this platform's library. (Example answer.)"
        ),
    },
    {
        "topic": ConsultationTopic.BRAND_USE,
        "product": JUJUBE,
        "question": "红枣的年度使用报告什么时候交？（示例提问）",
        "public_question": "专用标志的年度使用情况怎么报送？",
        "public_question_en": "How is the annual use of the special mark reported?",
        "answer": (
            "使用人应按规定报送专用标志使用情况。已注册本平台账号的生产者，登录后在“年度使用报告”"
            "中在线填写即可；具体截止时间以局方通知为准。（示例答复）"
        ),
        "answer_en": (
            "Users report their use of the mark as required. Producers with an account on this "
            "platform file it online under “annual use report” after signing in; the deadline "
            "is set by the bureau's notice. (Example answer.)"
        ),
    },
]

ARTICLES = [
    {
        "kind": ArticleKind.NOTICE,
        "title": "关于报送地理标志专用标志年度使用情况的通知",
        "title_en": "Notice on reporting the annual use of the GI special mark",
        "summary": "请获准使用专用标志的生产者按时报送年度使用情况。（示例）",
        "summary_en": "Producers approved to use the special mark are asked to file their annual use report. (Example.)",
        "body": (
            "各地理标志专用标志使用人：\n\n"
            "请于规定时间内通过本平台“生产者登录”在线报送上一年度专用标志使用情况，包括使用数量、"
            "产品产量和销售情况。\n\n"
            "## 报送方式\n\n"
            "- 已注册账号的生产者：登录后填写“年度使用报告”；\n"
            "- 尚未注册的生产者：先在本平台注册账号。\n\n"
            "本通知为演示用的**示例**，不是真实通知。"
        ),
        "body_en": (
            "To all users of the GI special mark:\n\n"
            "Please file last year's use of the special mark online through “Producer "
            "sign-in” on this platform: quantities, output and sales.\n\n"
            "## How\n\n"
            "- Producers with an account: sign in and fill in the annual use report;\n"
            "- Producers without one: register on this platform first.\n\n"
            "This notice is an **example** for the demonstration, not a real notice."
        ),
        "days_ago": 20,
        "product": None,
    },
    {
        "kind": ArticleKind.WORK_NEWS,
        "title": "区市场监督管理局开展火樱桃上市前专用标志规范使用检查",
        "title_en": "District bureau checks the use of the special mark before the cherry season",
        "summary": "执法人员走访合作社和农贸市场，检查专用标志和标签。（示例）",
        "summary_en": "Officers visited cooperatives and markets to check marks and labels. (Example.)",
        "body": (
            "为迎接火樱桃上市，区市场监督管理局组织执法人员走访水泉镇、北庄镇的合作社和农贸市场，"
            "检查地理标志专用标志的使用和产品标签，并向经营者讲解用标规定。\n\n"
            "本文为演示用的**示例**，不是真实报道。"
        ),
        "body_en": (
            "Before the cherry season the district bureau's officers visited cooperatives and "
            "markets in Shuiquan and Beizhuang towns, checked the use of the GI special mark and "
            "product labels, and explained the rules to sellers.\n\n"
            "This article is an **example** for the demonstration, not a real report."
        ),
        "days_ago": 45,
        "product": CHERRY,
    },
    {
        "kind": ArticleKind.NOTICE,
        "title": "地理标志产品专柜设立情况公告",
        "title_en": "Announcement: GI product counters in supermarkets",
        "summary": "已在区内超市设立地理标志产品专柜，名单见“购买渠道”。（示例）",
        "summary_en": "GI counters are open in district supermarkets; see “Where to buy”. (Example.)",
        "body": (
            "按照实施方案要求，区内部分超市已设立地理标志产品专柜，销售经核准使用专用标志的"
            "山亭火樱桃和店子长红枣。专柜名单见本平台“购买渠道”。\n\n"
            "本公告为演示用的**示例**。"
        ),
        "body_en": (
            "As the implementation plan asks, supermarkets in the district have opened GI "
            "counters selling Shanting fire cherry and Dianzi long red jujube from approved "
            "users of the special mark. The list is under “Where to buy”.\n\n"
            "This announcement is an **example** for the demonstration."
        ),
        "days_ago": 90,
        "product": None,
    },
]

PARKS = [
    (
        "水泉镇火樱桃标准化示范园",
        "Shuiquan standard cherry demonstration park",
        ParkKind.DEMONSTRATION,
        "水泉镇",
        CHERRY,
        "1200",
        "水泉镇樱桃专业合作社（示例）",
    ),
    (
        "北庄镇设施樱桃示范园",
        "Beizhuang greenhouse cherry demonstration park",
        ParkKind.DEMONSTRATION,
        "北庄镇",
        CHERRY,
        "600",
        "北庄镇农业服务中心（示例）",
    ),
    (
        "店子镇长红枣示范园",
        "Dianzi long red jujube demonstration park",
        ParkKind.DEMONSTRATION,
        "店子镇",
        JUJUBE,
        "800",
        "店子镇长红枣合作社（示例）",
    ),
    (
        "山亭地理标志产品研究平台",
        "Shanting GI products research platform",
        ParkKind.RESEARCH,
        "山城街道",
        CHERRY,
        None,
        "区农业农村局（示例）",
    ),
]

ASSOCIATIONS = [
    {
        "name": "枣庄市山亭区长红枣果业协会",
        "name_en": "Shanting District Long Red Jujube Fruit Association, Zaozhuang",
        "products": [JUJUBE],
        "description": (
            "据公开资料，本协会是 DB3704/T 0033—2023《地理标志产品 店子长红枣》的起草单位之一。"
            "联系方式未查到。下列会员和规范包装为演示用示例数据。"
        ),
        "description_en": (
            "Public copies name the association among the drafters of DB3704/T 0033—2023. Its "
            "contact details were not found. The members and packaging below are example data."
        ),
        "is_example": False,
        "source": "Name from a secondary copy of DB3704/T 0033—2023 (to be verified); members and packaging invented (示例).",
        "design": ("店子长红枣礼盒规范包装", "Dianzi jujube standard gift box", "jujube_package"),
    },
    {
        "name": "山亭区火樱桃产业协会",
        "name_en": "Shanting Fire Cherry Industry Association",
        "products": [CHERRY],
        "description": "演示用的示例协会：会员来自生产者名录中的示例生产者。",
        "description_en": "An example association for the demonstration; its members are example producers of the register.",
        "is_example": True,
        "source": EXAMPLE,
        "design": (
            "山亭火樱桃2公斤礼盒规范包装",
            "Shanting fire cherry 2 kg standard gift box",
            "cherry_package",
        ),
    },
]

PACKAGING_RULES = (
    "- 仅限本协会会员中**获准使用专用标志**的生产者使用；\n"
    "- 专用标志旁须印本企业的统一社会信用代码，标签上印产品标准号和标签码；\n"
    "- 不得改变版式、颜色和比例，不得用于其他产品；\n"
    "- 包装由协会统一备案，会员退出或核准失效后停止使用。\n\n"
    "（示例规则）"
)
PACKAGING_RULES_EN = (
    "- Only for members of the association **approved to use the special mark**;\n"
    "- the member's credit code is printed by the mark, and the standard number and label "
    "code on the label;\n"
    "- the layout, colours and proportions may not be changed, nor the design used for other "
    "products;\n"
    "- designs are registered with the association; use stops when a member leaves or its "
    "approval ends.\n\n(Example rules.)"
)


def _next_season(today, month, day):
    """The next date with this month and day that has not passed yet."""
    candidate = d(today.year, month, day)
    return candidate if candidate >= today else d(today.year + 1, month, day)


def _events(today):
    cherry_start = _next_season(today, 5, 1)
    jujube_start = _next_season(today, 9, 20)
    return [
        {
            "kind": EventKind.PICKING_FESTIVAL,
            "title": f"{cherry_start.year}年山亭火樱桃采摘节",
            "title_en": f"Shanting Fire Cherry Picking Festival {cherry_start.year}",
            "starts_on": cherry_start,
            "ends_on": cherry_start + datetime.timedelta(days=20),
            "place": "水泉镇棠棣峪村",
            "place_en": "Tangdiyu Village, Shuiquan Town",
            "town": "水泉镇",
            "product": CHERRY,
            "organiser": "山亭区文化和旅游局（示例）",
            "organiser_en": "Shanting District Culture and Tourism Bureau (example)",
            "description": (
                "采摘、品鉴和地理标志正品展示。采摘节自2009年起举办（公开报道，待核）；"
                "本条的日期和安排为演示用示例。"
            ),
            "description_en": (
                "Picking, tasting and a show of genuine GI produce. The festival has been held "
                "since 2009 (press reports, to be verified); this record's dates and programme "
                "are an example."
            ),
        },
        {
            "kind": EventKind.PRODUCT_FAIR,
            "title": f"{jujube_start.year}年店子长红枣品鉴推介会",
            "title_en": f"Dianzi Long Red Jujube Tasting Fair {jujube_start.year}",
            "starts_on": jujube_start,
            "ends_on": jujube_start + datetime.timedelta(days=2),
            "place": "店子镇",
            "place_en": "Dianzi Town",
            "town": "店子镇",
            "product": JUJUBE,
            "organiser": "店子镇人民政府（示例）",
            "organiser_en": "Dianzi Town government (example)",
            "description": "新枣上市品鉴和专用标志规范使用宣传（演示用示例）。",
            "description_en": "Tasting of the new harvest and advice on the special mark (example).",
        },
        {
            "kind": EventKind.TRAINING,
            "title": "地理标志专用标志使用培训班",
            "title_en": "Training course on using the GI special mark",
            "starts_on": d(2025, 3, 18),
            "ends_on": d(2025, 3, 18),
            "place": "山亭区市场监督管理局",
            "place_en": "Shanting District AMR",
            "town": "山城街道",
            "product": None,
            "organiser": BUREAU,
            "organiser_en": BUREAU_EN,
            "description": "面向合作社和企业的用标培训（演示用示例）。",
            "description_en": "Training for cooperatives and enterprises on the mark (example).",
        },
    ]


# --- Seeding --------------------------------------------------------------------------------------


class PortalSeeder:
    def __init__(self):
        self.created = {}
        self.products = {p.slug: p for p in Product.objects.all()}
        self.towns = {t.name: t for t in Town.objects.all()}

    def count(self, label, n=1):
        self.created[label] = self.created.get(label, 0) + n

    def run(self):
        self.documents()
        self.brand_use_notes()
        self.faq()
        self.articles()
        self.events()
        self.parks()
        self.associations()

    def _document(self, facts, product=None):
        facts = dict(facts)
        certainty = facts.pop("certainty")
        if Document.objects.filter(kind=facts["kind"], title=facts["title"]).exists():
            return
        save_with_history(
            Document(**facts, product=product, verified=certainty == CERTAIN),
            reason="演示数据：真实文件（来源与可信度见“来源”）",
        )
        self.count("documents")

    def documents(self):
        for facts in DOCUMENTS:
            self._document(facts)

    def brand_use_notes(self):
        for slug, standard in BRAND_USE_PRODUCTS:
            product = self.products.get(slug)
            if product is None:
                continue
            values = {"name": product.name, "name_en": product.name_en, "standard": standard}
            self._document(
                {
                    "kind": DocumentKind.BRAND_USE_NOTES,
                    "number": "",
                    "title": f"{product.name}品牌使用注意事项",
                    "title_en": f"Brand-use notes for {product.name_en}",
                    "issuing_body": BUREAU,
                    "issuing_body_en": BUREAU_EN,
                    "body": BRAND_USE_NOTE["body"].format(**values),
                    "body_en": BRAND_USE_NOTE["body_en"].format(**values),
                    "source": BRAND_USE_NOTE["source"],
                    "certainty": SECONDARY,
                },
                product=product,
            )

    def faq(self):
        if Consultation.objects.filter(is_example=True).exists():
            return
        for facts in FAQ:
            consultation, _secret = services.consultation_submit(
                fields={
                    "topic": facts["topic"],
                    "product": self.products.get(facts["product"]),
                    "question": facts["question"],
                    "asker_name": "示例提问人",
                    "is_example": True,
                }
            )
            services.consultation_answer(
                consultation=consultation,
                answer=facts["answer"],
                answer_en=facts["answer_en"],
                by=None,
            )
            services.consultation_publish(
                consultation=consultation,
                by=None,
                public_question=facts["public_question"],
                public_question_en=facts["public_question_en"],
            )
            self.count("published answers")
        # One question still waiting for its answer, for the back-office.
        services.consultation_submit(
            fields={
                "topic": ConsultationTopic.TECHNICAL,
                "product": self.products.get(JUJUBE),
                "question": "长红枣的采收期标准里有规定吗？（示例提问，待答复）",
                "asker_name": "示例提问人",
                "is_example": True,
            }
        )
        self.count("questions waiting")

    def articles(self):
        today = timezone.localdate()
        for facts in ARTICLES:
            facts = dict(facts)
            if Article.objects.filter(title=facts["title"]).exists():
                continue
            article = Article(
                kind=facts["kind"],
                title=facts["title"],
                title_en=facts["title_en"],
                summary=facts["summary"],
                summary_en=facts["summary_en"],
                body=facts["body"],
                body_en=facts["body_en"],
                published_on=today - datetime.timedelta(days=facts["days_ago"]),
                author_unit=BUREAU,
                author_unit_en=BUREAU_EN,
                product=self.products.get(facts["product"]) if facts["product"] else None,
                is_example=True,
            )
            save_with_history(article, reason="演示数据（示例）")
            services.article_publish(article=article, by=None)
            self.count("articles")

    def events(self):
        for facts in _events(timezone.localdate()):
            if Event.objects.filter(title=facts["title"]).exists():
                continue
            save_with_history(
                Event(
                    kind=facts["kind"],
                    title=facts["title"],
                    title_en=facts["title_en"],
                    starts_on=facts["starts_on"],
                    ends_on=facts["ends_on"],
                    place=facts["place"],
                    place_en=facts["place_en"],
                    town=self.towns.get(facts["town"]),
                    product=self.products.get(facts["product"]) if facts["product"] else None,
                    organiser=facts["organiser"],
                    organiser_en=facts["organiser_en"],
                    description=facts["description"],
                    description_en=facts["description_en"],
                    is_published=True,
                    is_example=True,
                    source=EXAMPLE,
                ),
                reason="演示数据（示例）",
            )
            self.count("events")

    def parks(self):
        for name, name_en, kind, town, product, area, operator in PARKS:
            if DemonstrationPark.objects.filter(name=name).exists():
                continue
            if town not in self.towns or product not in self.products:
                continue
            save_with_history(
                DemonstrationPark(
                    name=name,
                    name_en=name_en,
                    kind=kind,
                    town=self.towns[town],
                    product=self.products[product],
                    area_mu=area,
                    operator=operator,
                    description="演示用示例：名称、面积和运营主体均为虚构。",
                    description_en="An example: name, area and operator are invented.",
                    is_example=True,
                    source=EXAMPLE,
                ),
                reason="演示数据（示例）",
            )
            self.count("demonstration parks")

    def associations(self):
        for facts in ASSOCIATIONS:
            if Association.objects.filter(name=facts["name"]).exists():
                continue
            products = [self.products[s] for s in facts["products"] if s in self.products]
            association = Association(
                name=facts["name"],
                name_en=facts["name_en"],
                description=facts["description"],
                description_en=facts["description_en"],
                is_example=facts["is_example"],
                source=facts["source"],
            )
            save_with_history(association, reason="演示数据")
            association.products.set(products)
            members = (
                Producer.objects.filter(
                    is_example=True, is_public=True, authorisations__product__in=products
                )
                .distinct()
                .order_by("name")[:8]
            )
            association.members.set(list(members))
            self.count("associations")
            name, name_en, drawing = facts["design"]
            design = PackagingDesign(
                association=association,
                product=products[0],
                name=name,
                name_en=name_en,
                alt_text=f"示意图：{name}的版式，含专用标志、信用代码、产品标准号和标签码位置（示例）",
                alt_text_en=(
                    f"Illustration: the layout of the {name_en}, with the special mark, credit "
                    "code, standard number and label code (example)"
                ),
                usage_rules=PACKAGING_RULES,
                usage_rules_en=PACKAGING_RULES_EN,
                approved_on=d(2024, 4, 1),
                is_example=True,
            )
            design.image.save(
                f"demo-{drawing}.jpg",
                ContentFile(getattr(demo_images, drawing)("")),
                save=False,
            )
            save_with_history(design, reason="演示数据（示例）")
            self.count("packaging designs")


def seed_portal(stdout, verbosity):
    """Create what is missing of the portal's demo data; report what was created."""
    with transaction.atomic():
        seeder = PortalSeeder()
        seeder.run()
    if verbosity > 0:
        if seeder.created:
            summary = ", ".join(f"{n} {label}" for label, n in seeder.created.items())
            stdout.write(f"Portal demo data created: {summary}.")
        else:
            stdout.write("Portal demo data: everything already there.")
    return seeder.created
