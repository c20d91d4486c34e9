"""The demo data as data: the real facts of /work/shared/FACTS.md and the invented examples.

Real facts carry their certainty: anything read only in a secondary copy (FACTS.md "~") or
not confirmed ("?") is stored with verified=False and a source that says so. Producers,
authorisations, outlets, inspections, cases and most statistics are invented, and every one
of them says 示例 (example) in its name or source. Everything here is fixed, so a run of
`seed_demo` today and a run next month produce the same rows.
"""

import datetime
import hashlib
from decimal import Decimal

from producers.register.validators import CREDIT_CODE_ALPHABET, credit_code_check_character

d = datetime.date

EXAMPLE = "（示例）"
EXAMPLE_SOURCE = "示例 — invented for the demonstration, not a real figure or record"
SECONDARY = "secondary copy (to be verified)"

CHERRY = "shanting-fire-cherry"
JUJUBE = "dianzi-long-red-jujube"

# ---------------------------------------------------------------------------------------
# Towns (FACTS ✓: national statistics division codes, 2022 release). 370406405 山亭经济开发区
# is a statistical area, not a town, and is left out.

TOWNS = [
    ("370406001", "山城街道", "Shancheng Subdistrict"),
    ("370406101", "店子镇", "Dianzi Town"),
    ("370406102", "西集镇", "Xiji Town"),
    ("370406103", "桑村镇", "Sangcun Town"),
    ("370406104", "北庄镇", "Beizhuang Town"),
    ("370406105", "城头镇", "Chengtou Town"),
    ("370406106", "徐庄镇", "Xuzhuang Town"),
    ("370406107", "水泉镇", "Shuiquan Town"),
    ("370406108", "冯卯镇", "Fengmao Town"),
    ("370406109", "凫城镇", "Fucheng Town"),
]
TOWN_CODE = {name: code for code, name, _en in TOWNS}

# ---------------------------------------------------------------------------------------
# Products

CHERRY_STANDARD = "DB3704/T 0035—2023"
CHERRY_REGULATION = "DB3704/T 005—2020"
JUJUBE_STANDARD = "DB3704/T 0033—2023"

PRODUCTS = [
    {
        "slug": CHERRY,
        "name": "山亭火樱桃",
        "name_en": "Shanting Fire Cherry",
        "name_pinyin": "Shāntíng Huǒyīngtáo",
        "category": "fruit",
        "regime": "gi_product",
        "status": "protected",
        "order": 1,
        "approving_authority": "原国家质量监督检验检疫总局",
        "approving_authority_en": (
            "former General Administration of Quality Supervision, Inspection and Quarantine"
        ),
        "announcement_number": "",
        "announcement_date": d(2010, 12, 10),
        "approval_verified": False,
        "approval_source": (
            "Secondary copies only: protection approved by the former AQSIQ on 2010-12-10. "
            "The announcement number was not found — to be verified against the AQSIQ "
            "announcement."
        ),
        "standard_number": CHERRY_STANDARD,
        "protection_area": ["水泉镇", "北庄镇"],
        "protection_area_verified": False,
        "protection_area_source": (
            "Sources disagree: one secondary source names 水泉镇 as the protection area, another "
            "also lists growing bases in 北庄镇. Exact scope to be verified against the approval "
            "announcement."
        ),
        # Forced (greenhouse) fruit before the Spring Festival, then winter-shed and
        # spring-shed fruit, then open-field fruit until about June.
        "harvest_months": [1, 2, 3, 4, 5, 6],
        "harvest_verified": False,
        "harvest_source": (
            "Secondary sources: forced greenhouse fruit before the Spring Festival (January–"
            "February), winter-shed and spring-shed fruit after it, open-field fruit through "
            "about May–June. The months are our reading of that — to be verified."
        ),
        "description": (
            "山亭火樱桃是枣庄市山亭区的地理标志产品。樱桃种在区内的低山丘陵和山前坡地上，"
            "土壤多为石灰岩上发育的褐土，当地种植的品种有红灯、美早、岱红等。"
            "上市期从春节前的设施大棚果开始，接着是冬暖棚、春棚樱桃，最后是露地樱桃，"
            "大约持续到五六月。当地自2009年起举办山亭火樱桃采摘节，"
            "2019年5月第十届文化旅游节在水泉镇棠棣峪村开幕。\n\n"
            "以上内容据公开资料整理，部分事实尚待核实。"
        ),
        "description_en": (
            "Shanting fire cherry is a geographical-indication product of Shanting District, "
            "Zaozhuang. The cherries grow on the district's low hills and foothills, mostly on "
            "brown soil formed over limestone; the varieties grown include Hongdeng, Meizao and "
            "Daihong. The season opens with greenhouse fruit before the Spring Festival, goes on "
            "with fruit from winter and spring sheds and ends with open-field fruit around June. "
            "A cherry-picking festival has been held since 2009; the 10th culture and tourism "
            "festival opened in May 2019 in Tangdiyu Village, Shuiquan Town.\n\n"
            "Compiled from public sources; some facts are still to be verified."
        ),
        "characteristics": (
            "果实肾形，果皮紫红色，果肉厚，味甜略带酸，耐贮运。（据产品标准的二手转载整理，待核。）"
        ),
        "characteristics_en": (
            "Kidney-shaped fruit with purple-red skin and thick flesh; sweet with some acidity; "
            "keeps well in transport. (From secondary copies of the product standard; to be "
            "verified.)"
        ),
        "identification_guide": (
            "1. 看专用标志：获准使用的生产者在包装或标签上使用地理标志专用标志，"
            "标志的指定位置印有该生产者的18位统一社会信用代码，标志旁标明“山亭火樱桃”。\n"
            "2. 看标准号：标签上应标注产品标准号 DB3704/T 0035—2023 或核准公告号。\n"
            "3. 上平台核验：在本平台“防伪查询”中输入标签上的标签码，"
            "或输入标志旁的统一社会信用代码，查看该生产者是否获准使用、用标核准是否仍然有效。\n"
            "4. 看果实：正品多为肾形、紫红色、果肉厚（外观特征待核）。"
            "外观只能辅助判断，不能代替核验。\n"
            "5. 旧版专用标志自2021年1月1日起不得再用；包装上仍是旧标志、没有信用代码，"
            "或写着“火樱桃风味”“火樱桃型”之类字样的，要多加小心。\n"
            "6. 发现可疑产品，请拨打12315或在本平台投诉。"
        ),
        "identification_guide_en": (
            "1. Look for the special mark: authorised producers print the GI special mark on the "
            "package or label, with their 18-character unified social credit code at the mark's "
            "designated position and the name 山亭火樱桃 (Shanting Fire Cherry) beside it.\n"
            "2. Look for the standard: the label should carry the product standard number "
            "DB3704/T 0035—2023 or the approval announcement number.\n"
            "3. Check it here: enter the label code, or the credit code printed by the mark, in "
            "this platform's verification box to see whether that producer is authorised and "
            "whether the authorisation is still valid.\n"
            "4. Look at the fruit: genuine fruit is mostly kidney-shaped, purple-red and "
            "thick-fleshed (to be verified). Looks help, but they do not replace the check.\n"
            "5. The old version of the mark may not be used after 31 December 2020; be wary of "
            "packages with the old mark, without a credit code, or with wording such as "
            "'fire-cherry style'.\n"
            "6. If something looks wrong, call 12315 or file a complaint on this platform."
        ),
        "facts_source": (
            "Summarised in our own words from secondary copies of DB3704/T 0035—2023 and press "
            "reports on the festival (to be verified)."
        ),
    },
    {
        "slug": JUJUBE,
        "name": "店子长红枣",
        "name_en": "Dianzi Long Red Jujube",
        "name_pinyin": "Diànzi Chánghóngzǎo",
        "category": "fruit",
        "regime": "gi_product",
        "status": "protected",
        "order": 2,
        "approving_authority": "",
        "approving_authority_en": "",
        "announcement_number": "",
        "announcement_date": None,
        "approval_verified": False,
        "approval_source": (
            "Not found: approving authority, announcement number and date are unknown. The "
            "regime is taken from the title of the local standard DB3704/T 0033—2023 "
            "(地理标志产品 店子长红枣, secondary copy) — to be verified."
        ),
        "standard_number": JUJUBE_STANDARD,
        "protection_area": ["店子镇"],
        "protection_area_verified": False,
        "protection_area_source": (
            "Secondary sources call it a specialty of 店子镇; the protected area itself was not "
            "found — to be verified."
        ),
        "harvest_months": [9, 10],
        "harvest_verified": False,
        "harvest_source": (
            "Not found for this product: jujubes in this region are harvested in autumn "
            "(September–October) — to be verified."
        ),
        "description": (
            "店子长红枣是山亭区店子镇的特产，长在沂蒙山区西南麓的丘陵褐土上。"
            "据《滕县志》记载，当地栽培长红枣已有一千三百多年。"
            "产品标准 DB3704/T 0033—2023 由枣庄市山亭区长红枣果业协会和区市场监督管理局等起草。"
            "\n\n地理标志的核准机关、公告号和核准日期目前尚未查到，本平台标注为“待核”。"
        ),
        "description_en": (
            "Dianzi long red jujube is a specialty of Dianzi Town in Shanting District, grown on "
            "the brown hill soils at the south-western foot of the Yimeng mountains. According "
            "to the Teng County Gazetteer (滕县志), jujubes have been grown here for more than "
            "1,300 years. The product standard DB3704/T 0033—2023 was drafted by the Shanting "
            "District long red jujube association and the district market supervision bureau, "
            "among others.\n\nThe approving authority, announcement number and approval date "
            "have not been found yet; this platform marks them as to be verified."
        ),
        "characteristics": (
            "果实长圆柱形，果皮鲜红，味甜，有枣香，肉质脆。（据二手资料整理，待核。）"
        ),
        "characteristics_en": (
            "Long, cylindrical fruit with bright red skin; sweet, fragrant and crisp. (From "
            "secondary sources; to be verified.)"
        ),
        "identification_guide": (
            "1. 看专用标志：获准使用的生产者在包装或标签上使用地理标志专用标志，"
            "标志的指定位置印有该生产者的18位统一社会信用代码，标志旁标明“店子长红枣”。\n"
            "2. 看标准号：标签上应标注产品标准号 DB3704/T 0033—2023 或核准公告号。\n"
            "3. 上平台核验：在本平台“防伪查询”中输入标签上的标签码，"
            "或输入标志旁的统一社会信用代码，查看该生产者是否获准使用、用标核准是否仍然有效。\n"
            "4. 看果实：正品果实呈长圆柱形、鲜红色（外观特征待核）。"
            "外观只能辅助判断，不能代替核验。\n"
            "5. 发现可疑产品，请拨打12315或在本平台投诉。"
        ),
        "identification_guide_en": (
            "1. Look for the special mark: authorised producers print the GI special mark on the "
            "package or label, with their 18-character unified social credit code at the mark's "
            "designated position and the name 店子长红枣 (Dianzi Long Red Jujube) beside it.\n"
            "2. Look for the standard: the label should carry the product standard number "
            "DB3704/T 0033—2023 or the approval announcement number.\n"
            "3. Check it here: enter the label code, or the credit code printed by the mark, in "
            "this platform's verification box to see whether that producer is authorised and "
            "whether the authorisation is still valid.\n"
            "4. Look at the fruit: genuine fruit is long, cylindrical and bright red (to be "
            "verified). Looks help, but they do not replace the check.\n"
            "5. If something looks wrong, call 12315 or file a complaint on this platform."
        ),
        "facts_source": (
            "Summarised in our own words from secondary copies of DB3704/T 0033—2023 and local "
            "reports (to be verified)."
        ),
    },
]

# ---------------------------------------------------------------------------------------
# Quality indicators. The cherry's are the published values (FACTS ~); the weight and iron
# limits look implausible and are exactly what the bureau may have to correct. The jujube's
# numbers were not found: the ones below are invented so that the demo can show jujube
# spot-checks, and say so in their names and sources.

CHERRY_INDICATOR_SOURCE = f"{CHERRY_STANDARD}, {SECONDARY}; value looks implausible"
JUJUBE_INDICATOR_SOURCE = (
    "示例 — invented for the demonstration, not from DB3704/T 0033—2023 (no published values found)"
)
INDICATORS = {
    CHERRY: [
        # (name, English name, unit, min, max, source)
        ("单果重", "single fruit weight", "g", "10", None, CHERRY_INDICATOR_SOURCE),
        ("可食率", "edible portion", "%", "92", None, f"{CHERRY_STANDARD}, {SECONDARY}"),
        ("可溶性固形物", "soluble solids", "%", "18", None, f"{CHERRY_STANDARD}, {SECONDARY}"),
        ("铁", "iron", "mg/100g", "12", None, CHERRY_INDICATOR_SOURCE),
    ],
    JUJUBE: [
        (
            "单果重（示例）",
            "single fruit weight (example)",
            "g",
            "8",
            None,
            JUJUBE_INDICATOR_SOURCE,
        ),
        (
            "可溶性固形物（示例）",
            "soluble solids (example)",
            "%",
            "25",
            None,
            JUJUBE_INDICATOR_SOURCE,
        ),
        ("可食率（示例）", "edible portion (example)", "%", "90", None, JUJUBE_INDICATOR_SOURCE),
    ],
}

# ---------------------------------------------------------------------------------------
# Documents, summarised in our own words. Natural key: (number, title).

DOCUMENTS = [
    {
        "key": "cherry-standard",
        "kind": "product_standard",
        "number": CHERRY_STANDARD,
        "title": "地理标志产品 山亭火樱桃",
        "title_en": "Geographical indication product — Shanting Fire Cherry",
        "issuing_body": "枣庄市市场监督管理局",
        "issuing_body_en": "Zaozhuang Municipal Administration for Market Regulation",
        "issued_on": d(2023, 9, 21),
        "effective_on": d(2023, 10, 21),
        "product": CHERRY,
        "body": (
            "枣庄市地方标准，规定山亭火樱桃的保护范围、产地环境、栽培与采收要求、"
            "感官和理化质量指标、检验方法及标志标签。公开转载的质量指标有：单果重≥10 g，"
            "可食率≥92 %，可溶性固形物≥18 %，铁≥12 mg/100g。其中单果重和铁的数值看起来不太合理，"
            "有待对照标准原文核实。"
        ),
        "body_en": (
            "A Zaozhuang local standard setting out the protected area of Shanting fire cherry, "
            "its growing environment, cultivation and harvest, sensory and physico-chemical "
            "quality requirements, test methods and labelling. The quality limits in public "
            "copies are: single fruit weight ≥ 10 g, edible portion ≥ 92 %, soluble solids "
            "≥ 18 % and iron ≥ 12 mg/100 g. The weight and iron values look implausible and are "
            "to be checked against the original text."
        ),
        "verified": False,
        "source": f"Number, title, body and dates from a {SECONDARY}.",
    },
    {
        "key": "cherry-regulation",
        "kind": "technical_regulation",
        "number": CHERRY_REGULATION,
        "title": "山亭火樱桃生产技术规程",
        "title_en": "Code of practice for growing Shanting Fire Cherry",
        "issuing_body": "枣庄市市场监督管理局",
        "issuing_body_en": "Zaozhuang Municipal Administration for Market Regulation",
        "issued_on": d(2020, 1, 20),
        "effective_on": d(2020, 2, 28),
        "product": CHERRY,
        "body": (
            "枣庄市地方标准，面向种植户，规定山亭火樱桃从建园、品种选择、土肥水管理、"
            "整形修剪、花果管理、病虫害防治到采收的技术要求。"
            "生产者申请使用地理标志专用标志时，应按本规程组织生产。"
        ),
        "body_en": (
            "A Zaozhuang local standard for growers: how to set up an orchard, choose varieties, "
            "manage soil, fertiliser and water, train and prune, handle flowers and fruit, control "
            "pests and diseases and harvest Shanting fire cherry. Producers who apply for the GI "
            "special mark are expected to grow to this code."
        ),
        "verified": False,
        "source": (
            f"Number, title and dates from a {SECONDARY}; issuing body inferred from the DB3704 "
            "prefix (Zaozhuang local standard)."
        ),
    },
    {
        "key": "jujube-standard",
        "kind": "product_standard",
        "number": JUJUBE_STANDARD,
        "title": "地理标志产品 店子长红枣",
        "title_en": "Geographical indication product — Dianzi Long Red Jujube",
        "issuing_body": "枣庄市市场监督管理局",
        "issuing_body_en": "Zaozhuang Municipal Administration for Market Regulation",
        "issued_on": d(2023, 9, 21),
        "effective_on": d(2023, 10, 21),
        "product": JUJUBE,
        "body": (
            "枣庄市地方标准，规定店子长红枣的产地范围、自然环境、栽培管理、采收和质量要求。"
            "起草单位包括枣庄市山亭区长红枣果业协会和山亭区市场监督管理局。"
            "本平台尚未查到标准中的具体数值指标；演示数据中的红枣指标为虚构示例。"
        ),
        "body_en": (
            "A Zaozhuang local standard covering the production area, natural environment, "
            "cultivation, harvest and quality requirements of Dianzi long red jujube, drafted by "
            "the Shanting District long red jujube association and the district market "
            "supervision bureau, among others. Its numeric limits have not been found yet; the "
            "jujube indicators in the demo data are invented examples."
        ),
        "verified": False,
        "source": (
            f"Number, title, dates and drafters from a {SECONDARY}; issuing body inferred from "
            "the DB3704 prefix."
        ),
    },
    {
        "key": "mark-rules",
        "kind": "brand_use",
        "number": "国家知识产权局公告第354号",
        "title": "地理标志专用标志使用管理办法（试行）",
        "title_en": "Measures for the use of the geographical indication special mark (trial)",
        "issuing_body": "国家知识产权局",
        "issuing_body_en": "China National Intellectual Property Administration (CNIPA)",
        "issued_on": d(2020, 4, 3),
        "effective_on": None,
        "product": None,
        "body": (
            "规定谁可以使用地理标志专用标志、如何使用。合法使用人包括：经公告核准使用的地理标志产品生产者、"
            "作为集体商标注册的地理标志的集体成员、作为证明商标注册的地理标志的被许可人，"
            "以及在国家知识产权局登记备案的其他使用人。使用时，应在标志的指定位置标注使用人的"
            "统一社会信用代码，并同时标注地理标志名称；产品或标签上还应标注产品标准号或核准公告号。"
            "使用人应按规定使用标志，并定期报送使用情况。\n\n"
            "新的官方专用标志于2019年10月16日发布，旧版标志自2020年12月31日后停止使用。"
        ),
        "body_en": (
            "Who may use the GI special mark and how. Lawful users are: producers of a GI product "
            "approved by announcement; members of a collective mark registered for a GI; "
            "licensees of a certification mark registered for a GI; and other users registered "
            "with CNIPA. A user prints its unified social credit code at the mark's designated "
            "position and shows the name of the GI with it; the product or label also carries "
            "the product standard number or the approval announcement number. Users must use "
            "the mark as specified and report their use regularly.\n\nThe current official mark "
            "was released on 16 October 2019; the older marks could not be used after 31 "
            "December 2020."
        ),
        "verified": False,
        "source": f"Announcement number, date and rules from a {SECONDARY}.",
    },
    {
        "key": "gi-rules-2005",
        "kind": "law",
        "number": "国家质量监督检验检疫总局令第78号",
        "title": "地理标志产品保护规定",
        "title_en": "Provisions on the protection of geographical indication products",
        "issuing_body": "国家质量监督检验检疫总局",
        "issuing_body_en": (
            "General Administration of Quality Supervision, Inspection and Quarantine (AQSIQ)"
        ),
        "issued_on": None,
        "effective_on": d(2005, 7, 15),
        "repealed_on": d(2024, 2, 1),
        "product": None,
        "body": (
            "原国家质检总局制定的地理标志产品保护规章，规定了地理标志产品的申请、审核、"
            "批准和专用标志使用等制度。"
            "2024年2月1日起由国家知识产权局《地理标志产品保护办法》取代。"
        ),
        "body_en": (
            "The former AQSIQ's rules on GI product protection: how protection was applied for, "
            "examined and approved, and how the special mark was used. Replaced on 1 February "
            "2024 by CNIPA's Measures for the protection of geographical indication products."
        ),
        "verified": True,
        "source": "Number, in-force date and replacement read in a primary source (FACTS ✓).",
    },
    {
        "key": "gi-rules-2024",
        "kind": "law",
        "number": "",
        "title": "地理标志产品保护办法",
        "title_en": "Measures for the protection of geographical indication products",
        "issuing_body": "国家知识产权局",
        "issuing_body_en": "China National Intellectual Property Administration (CNIPA)",
        "issued_on": None,
        "effective_on": d(2024, 2, 1),
        "product": None,
        "supersedes": "gi-rules-2005",
        "body": (
            "国家知识产权局制定的部门规章，共7章36条，自2024年2月1日起施行，取代2005年的"
            "《地理标志产品保护规定》。内容涵盖地理标志产品保护的申请与审查、"
            "专用标志的使用以及监督管理。"
        ),
        "body_en": (
            "CNIPA's departmental rules, 7 chapters and 36 articles, in force since 1 February "
            "2024, replacing the 2005 Provisions. They cover applying for and examining GI "
            "product protection, the use of the special mark and supervision."
        ),
        "verified": True,
        "source": (
            "In-force date, structure and replacement read in a primary source (FACTS ✓); the "
            "issuing announcement number was not recorded."
        ),
    },
    {
        "key": "demo-zone",
        "kind": "law",
        "number": "国知办发保字〔2021〕4号",
        "title": "国家地理标志产品保护示范区建设管理办法（试行）",
        "title_en": (
            "Measures for building national demonstration zones for GI product protection (trial)"
        ),
        "issuing_body": "国家知识产权局办公室",
        "issuing_body_en": "General Office of CNIPA",
        "issued_on": None,
        "effective_on": None,
        "product": None,
        "body": (
            "规定国家地理标志产品保护示范区的申报条件和建设要求。申报地需满足：地理标志获得保护满3年；"
            "专用标志使用人占生产者总数不低于60%；使用人的产量占该产业总产量不低于60%；"
            "近3年未发生重大质量安全事件。山亭区自己的目标是专用标志规范使用率不低于80%。"
        ),
        "body_en": (
            "Conditions and requirements for national demonstration zones of GI product "
            "protection. A zone needs: the GI protected for at least 3 years; special-mark users "
            "making up at least 60 % of producers; users' output at least 60 % of the industry's; "
            "and no major quality or safety incident in the last 3 years. Shanting District's own "
            "target is a standard-use rate of the special mark of at least 80 %."
        ),
        "verified": False,
        "source": (
            f"Number and thresholds from a {SECONDARY}; issuing body read from the number's "
            "prefix (国知办 = CNIPA General Office)."
        ),
    },
    {
        "key": "old-mark-notice",
        "kind": "notice",
        "number": "",
        "title": "旧版地理标志专用标志已停止使用的提示",
        "title_en": "Reminder: the old versions of the GI special mark are no longer valid",
        "issuing_body": "",
        "issuing_body_en": "",
        "issued_on": None,
        "effective_on": d(2021, 1, 1),
        "product": None,
        "body": (
            "国家知识产权局于2019年10月16日发布了新的地理标志专用标志。旧版标志的过渡期到2020年12月31日结束，"
            "此后包装和标签上只能使用新版专用标志。发现仍在使用旧版标志的产品，可以向12315举报。"
            "（本平台编写的提示，示例文本，待局方审定。）"
        ),
        "body_en": (
            "CNIPA released the current GI special mark on 16 October 2019. The transition period "
            "for the old marks ended on 31 December 2020; since then only the current mark may "
            "appear on packages and labels. Products still carrying an old mark can be reported "
            "through 12315. (Written for this platform; example text awaiting the bureau's "
            "approval.)"
        ),
        "verified": False,
        "source": (
            f"Dates from a {SECONDARY}; wording by this platform (示例 text, not an official "
            "notice)."
        ),
    },
    {
        "key": "how-to-identify",
        "kind": "identification",
        "number": "",
        "title": "如何识别地理标志专用标志",
        "title_en": "How to recognise the genuine GI special mark",
        "issuing_body": "",
        "issuing_body_en": "",
        "issued_on": None,
        "effective_on": None,
        "product": None,
        "body": (
            "一看标志：正规使用的专用标志旁印有使用人的18位统一社会信用代码，并标明地理标志产品名称。"
            "二看标签：包装或标签上应有产品标准号（山亭火樱桃为 DB3704/T 0035—2023，"
            "店子长红枣为 DB3704/T 0033—2023）或核准公告号。"
            "三查平台：在本平台输入标签码或统一社会信用代码，可以查到该生产者是否获准使用、"
            "用标核准是否有效、近年抽检结果如何。"
            "四留心措辞：“××风味”“××型”“××同款”等字样不等于地理标志产品。"
            "旧版标志、没有信用代码的标志、信用代码查不到或用标核准已暂停、撤销的，都要提高警惕。"
            "（本平台编写的说明，示例文本，待局方审定。）"
        ),
        "body_en": (
            "First, the mark: a lawfully used special mark has the user's 18-character unified "
            "social credit code printed beside it and the name of the GI product with it. "
            "Second, the label: it should carry the product standard number (DB3704/T 0035—2023 "
            "for Shanting fire cherry, DB3704/T 0033—2023 for Dianzi long red jujube) or the "
            "approval announcement number. Third, this platform: enter the label code or the "
            "credit code to see whether the producer is authorised, whether the authorisation is "
            "valid and how recent spot-checks went. Fourth, the wording: 'flavour', 'style' or "
            "'same as' next to a GI name does not make a GI product. Be wary of old marks, marks "
            "without a credit code, and codes that cannot be found or whose authorisation is "
            "suspended or revoked. (Written for this platform; example text awaiting the "
            "bureau's approval.)"
        ),
        "verified": False,
        "source": (
            "Written for this platform from the mark rules (国家知识产权局公告第354号, "
            f"{SECONDARY}); 示例 text."
        ),
    },
    {
        "key": "rights-12315",
        "kind": "rights_protection",
        "number": "",
        "title": "买到假冒地理标志产品怎么办",
        "title_en": "What to do if you bought a fake GI product",
        "issuing_body": "",
        "issuing_body_en": "",
        "issued_on": None,
        "effective_on": None,
        "product": None,
        "body": (
            "保留购物凭证、包装和标签，拍下专用标志和信用代码。可以通过以下渠道维权：\n"
            "1. 拨打全国市场监管投诉举报电话12315，或登录全国12315平台在线投诉；\n"
            "2. 在本平台“投诉”页面提交，附上照片和标签码，系统会给出查询编号，便于跟进处理进度；\n"
            "3. 向山亭区市场监督管理局反映。\n"
            "您的联系方式只用于处理投诉，不会公开。（本平台编写的说明，示例文本，待局方审定。）"
        ),
        "body_en": (
            "Keep the receipt, the package and the label, and take photographs of the special "
            "mark and the credit code. Then:\n"
            "1. call the national market-regulation complaint hotline 12315, or file online on "
            "the national 12315 platform;\n"
            "2. file a complaint on this platform with photos and the label code — you receive a "
            "tracking number to follow the case;\n"
            "3. or contact the Shanting District market supervision bureau.\n"
            "Your contact details are used only to handle the complaint and are never published. "
            "(Written for this platform; example text awaiting the bureau's approval.)"
        ),
        "verified": False,
        "source": "Written for this platform; 12315 is the national complaint channel. 示例 text.",
    },
]

# ---------------------------------------------------------------------------------------
# Example producers (all invented). Key → fields. Households have no credit code but a
# private phone that is for the bureau only.

E, C, IB, H = "enterprise", "cooperative", "individual_business", "household"
CREDIT_CODE_TYPE = {E: "1", IB: "2", C: "3"}


def example_credit_code(kind, serial):
    """A valid but invented unified social credit code: 9, type, 370406, EX…, check.

    "EX" opens the organisation part so that the codes read as examples and are unlikely to
    collide with real ones; the other seven characters come from a hash of the serial so
    the codes look varied yet are the same on every run.
    """
    digest = hashlib.sha256(f"shanting-demo-producer-{serial}".encode()).digest()
    org = "EX" + "".join(CREDIT_CODE_ALPHABET[b % 31] for b in digest[:7])
    first17 = f"9{CREDIT_CODE_TYPE[kind]}370406{org}"
    return first17 + credit_code_check_character(first17)


def scale_credit_code(kind, number):
    """Codes for --scale producers: "ET" and the number, so they never meet the demo's."""
    first17 = f"9{CREDIT_CODE_TYPE[kind]}370406ET{number:07d}"
    return first17 + credit_code_check_character(first17)


# (key, name, English name, kind, town, legal representative, planting area, association
#  member, public)
# fmt: off
_PRODUCERS = [
    # 水泉镇 — cherry
    ("P01", "山亭樱源果业有限公司", "Shanting Yingyuan Fruit Co., Ltd.", E, "水泉镇", "王某", 320, True, True),
    ("P02", "水泉镇红樱果品专业合作社", "Shuiquan Hongying Fruit Cooperative", C, "水泉镇", "李某", 860, True, True),
    ("P03", "水泉镇岭上樱桃种植专业合作社", "Shuiquan Lingshang Cherry Cooperative", C, "水泉镇", "张某", 540, True, True),
    ("P04", "水泉镇果香樱桃经营部", "Shuiquan Guoxiang Cherry Shop", IB, "水泉镇", "刘某", 45, False, True),
    ("P05", "水泉镇山樱鲜果店", "Shuiquan Shanying Fresh Fruit Shop", IB, "水泉镇", "陈某", 30, True, True),
    ("P06", "水泉镇农户王某", "Household Wang, Shuiquan", H, "水泉镇", "王某", 12, True, True),
    ("P07", "水泉镇农户李某", "Household Li, Shuiquan", H, "水泉镇", "李某", 8, False, False),
    ("P08", "水泉镇农户张某", "Household Zhang, Shuiquan", H, "水泉镇", "张某", 15, True, True),
    ("P09", "枣庄樱之谷农业科技有限公司", "Zaozhuang Yingzhigu Agricultural Technology Co., Ltd.", E, "水泉镇", "赵某", 410, True, True),
    ("P10", "水泉镇棚室樱桃种植专业合作社", "Shuiquan Greenhouse Cherry Cooperative", C, "水泉镇", "孙某", 260, True, True),
    ("P11", "水泉镇农户刘某", "Household Liu, Shuiquan", H, "水泉镇", "刘某", 10, False, True),
    ("P12", "水泉镇鲜果电商服务部", "Shuiquan Fresh Fruit E-commerce Service", IB, "水泉镇", "周某", 20, False, True),
    ("P13", "山亭樱运冷链物流有限公司", "Shanting Yingyun Cold Chain Co., Ltd.", E, "水泉镇", "吴某", 150, True, True),
    ("P14", "水泉镇农户陈某", "Household Chen, Shuiquan", H, "水泉镇", "陈某", 9, True, True),
    # 北庄镇 — cherry
    ("P15", "北庄镇樱红专业合作社", "Beizhuang Yinghong Cooperative", C, "北庄镇", "郑某", 620, True, True),
    ("P16", "北庄镇山岭果品有限公司", "Beizhuang Shanling Fruit Co., Ltd.", E, "北庄镇", "冯某", 280, True, True),
    ("P17", "北庄镇农户赵某", "Household Zhao, Beizhuang", H, "北庄镇", "赵某", 11, True, True),
    ("P18", "北庄镇农户孙某", "Household Sun, Beizhuang", H, "北庄镇", "孙某", 7, False, True),
    ("P19", "北庄镇樱桃采摘园", "Beizhuang Cherry Picking Garden", IB, "北庄镇", "钱某", 60, True, True),
    ("P20", "北庄镇绿丘果蔬专业合作社", "Beizhuang Lüqiu Fruit and Vegetable Cooperative", C, "北庄镇", "蒋某", 380, True, True),
    ("P21", "北庄镇农户周某", "Household Zhou, Beizhuang", H, "北庄镇", "周某", 14, False, True),
    ("P22", "北庄镇鲜樱商行", "Beizhuang Xianying Trading", IB, "北庄镇", "韩某", 35, False, True),
    # 店子镇 — jujube
    ("P23", "店子镇枣乡长红枣专业合作社", "Dianzi Zaoxiang Long Red Jujube Cooperative", C, "店子镇", "杨某", 720, True, True),
    ("P24", "山亭枣韵食品有限公司", "Shanting Zaoyun Food Co., Ltd.", E, "店子镇", "朱某", 300, True, True),
    ("P25", "店子镇枣香红枣经营部", "Dianzi Zaoxiang Jujube Shop", IB, "店子镇", "秦某", 40, True, True),
    ("P26", "店子镇农户吴某", "Household Wu, Dianzi", H, "店子镇", "吴某", 13, True, True),
    ("P27", "店子镇农户郑某", "Household Zheng, Dianzi", H, "店子镇", "郑某", 9, False, False),
    ("P28", "店子镇农户冯某", "Household Feng, Dianzi", H, "店子镇", "冯某", 6, False, True),
    ("P29", "店子镇古枣林种植专业合作社", "Dianzi Old Jujube Grove Cooperative", C, "店子镇", "许某", 510, True, True),
    ("P30", "店子镇鲜枣电商服务部", "Dianzi Fresh Jujube E-commerce Service", IB, "店子镇", "何某", 25, False, True),
    ("P31", "店子镇农户褚某", "Household Chu, Dianzi", H, "店子镇", "褚某", 10, True, True),
    ("P32", "枣庄红枣源农业发展有限公司", "Zaozhuang Hongzaoyuan Agricultural Development Co., Ltd.", E, "店子镇", "吕某", 260, True, True),
    # The other towns: applicants, a trader and an online seller.
    ("P33", "山亭区特产展销有限公司", "Shanting Specialty Showroom Co., Ltd.", E, "山城街道", "施某", None, False, True),
    ("P34", "西集镇农户卫某", "Household Wei, Xiji", H, "西集镇", "卫某", 5, False, True),
    ("P35", "桑村镇果品专业合作社", "Sangcun Fruit Cooperative", C, "桑村镇", "沈某", 200, False, True),
    ("P36", "城头镇农户蒋某", "Household Jiang, Chengtou", H, "城头镇", "蒋某", 8, False, True),
    ("P37", "徐庄镇山果专业合作社", "Xuzhuang Mountain Fruit Cooperative", C, "徐庄镇", "韩某", 150, False, True),
    ("P38", "冯卯镇农户沈某", "Household Shen, Fengmao", H, "冯卯镇", "沈某", 6, False, False),
    ("P39", "凫城镇果蔬经营部", "Fucheng Fruit and Vegetable Shop", IB, "凫城镇", "杨某", 18, False, True),
    ("P40", "山亭区樱枣电子商务有限公司", "Shanting Yingzao E-commerce Co., Ltd.", E, "山城街道", "尤某", None, False, True),
]
# fmt: on


def _producer(n, row):
    key, name, name_en, kind, town, legal, area, member, public = row
    household = kind == H
    return {
        "key": key,
        "name": name + EXAMPLE,
        "name_en": f"{name_en} (example)",
        "kind": kind,
        "credit_code": "" if household else example_credit_code(kind, n),
        "legal_representative": "" if household else legal + EXAMPLE,
        "town": town,
        "address": f"{town}示例村{n}号（示例地址）",
        # Local numbers never begin with 0, so these cannot ring anyone.
        "public_contact": "" if household else f"0632-0000{n:04d}（示例）",
        "private_phone": f"1390000{n:04d}" if household else "",
        "planting_area_mu": None if area is None else Decimal(area),
        "association_member": member,
        "is_public": public,
        "notes": "示例数据：虚构的生产者，仅用于演示。",
    }


PRODUCERS = [_producer(n, row) for n, row in enumerate(_PRODUCERS, start=1)]

# ---------------------------------------------------------------------------------------
# Authorisations: each runs through the services' transitions in order. Steps are
# (transition, date, reason[, details]). Every step carries its date; the seed passes it to
# the service when the service takes one (authorisation_review and authorisation_reject do
# not, yet: their rows are dated on the day the seed runs, so the data keeps those steps
# recent, and the common approval path goes straight from applied to approved).

R_APPLY = "提交专用标志使用申请及产地、生产和质量证明材料（示例）。"
R_REVIEW = "材料齐全，受理并进入审查（示例）。"
R_APPROVE = "经审查符合条件，按公告核准使用地理标志专用标志（示例）。"
R_REINSTATE = "整改完成，复检合格，恢复使用专用标志（示例）。"
R_EXPIRE = "有效期届满，未申请延续，用标核准失效（示例）。"


# One announcement lists every producer approved on that day, as CNIPA's lists do.
_APPROVAL_DAYS = [
    d(2021, 5, 10),
    d(2024, 1, 15),
    d(2024, 4, 10),
    d(2024, 5, 20),
    d(2024, 12, 2),
    d(2025, 5, 12),
    d(2025, 12, 1),
]
ANNOUNCEMENTS = {
    day: f"示例公告〔{day.year}〕第{1 + sum(o.year == day.year for o in _APPROVAL_DAYS[:i])}号"
    for i, day in enumerate(_APPROVAL_DAYS)
}


def approved(applied_on, approved_on, years=3, cap=20000):
    """The common path: applied → approved, valid to the end of a year."""
    return {
        "applied_on": applied_on,
        "steps": [
            (
                "approve",
                approved_on,
                R_APPROVE,
                {
                    "announcement_number": ANNOUNCEMENTS[approved_on],
                    "valid_until": d(approved_on.year + years, 12, 31),
                    "annual_quantity_cap": cap,
                },
            ),
        ],
    }


def _auth(producer, product, path, *extra_steps):
    return {
        "producer": producer,
        "product": product,
        "applied_on": path["applied_on"],
        "steps": path["steps"] + list(extra_steps),
    }


AUTHORISATIONS = [
    # Approved, the large majority.
    _auth("P01", CHERRY, approved(d(2023, 11, 6), d(2024, 1, 15), cap=60000)),
    _auth("P02", CHERRY, approved(d(2023, 11, 20), d(2024, 1, 15), cap=120000)),
    _auth("P03", CHERRY, approved(d(2024, 2, 26), d(2024, 4, 10), cap=80000)),
    _auth("P04", CHERRY, approved(d(2024, 10, 8), d(2024, 12, 2), cap=8000)),
    _auth("P05", CHERRY, approved(d(2024, 10, 8), d(2024, 12, 2), cap=6000)),
    _auth("P06", CHERRY, approved(d(2024, 10, 15), d(2024, 12, 2), cap=2000)),
    _auth("P07", CHERRY, approved(d(2024, 10, 15), d(2024, 12, 2), cap=1500)),
    _auth("P09", CHERRY, approved(d(2023, 12, 4), d(2024, 1, 15), cap=70000)),
    _auth(
        "P10",
        CHERRY,
        approved(d(2023, 12, 4), d(2024, 1, 15), cap=40000),
        (
            "suspend",
            d(2025, 6, 20),
            "2025年抽检可溶性固形物不合格，暂停使用专用标志，整改复检合格后恢复（示例）。",
        ),
        ("reinstate", d(2025, 9, 1), R_REINSTATE),
    ),
    _auth("P12", CHERRY, approved(d(2025, 10, 9), d(2025, 12, 1), cap=5000)),
    _auth("P14", CHERRY, approved(d(2025, 10, 9), d(2025, 12, 1), cap=1800)),
    _auth("P15", CHERRY, approved(d(2023, 12, 11), d(2024, 1, 15), cap=90000)),
    _auth("P16", CHERRY, approved(d(2024, 2, 26), d(2024, 4, 10), cap=50000)),
    _auth("P17", CHERRY, approved(d(2024, 10, 15), d(2024, 12, 2), cap=2000)),
    _auth("P19", CHERRY, approved(d(2024, 10, 22), d(2024, 12, 2), cap=9000)),
    _auth("P20", CHERRY, approved(d(2024, 2, 26), d(2024, 4, 10), cap=60000)),
    _auth("P22", CHERRY, approved(d(2025, 10, 9), d(2025, 12, 1), cap=7000)),
    _auth("P23", JUJUBE, approved(d(2024, 3, 4), d(2024, 5, 20), cap=70000)),
    _auth("P24", JUJUBE, approved(d(2024, 3, 4), d(2024, 5, 20), cap=50000)),
    _auth("P25", JUJUBE, approved(d(2024, 10, 22), d(2024, 12, 2), cap=6000)),
    _auth("P26", JUJUBE, approved(d(2024, 10, 22), d(2024, 12, 2), cap=1500)),
    _auth("P27", JUJUBE, approved(d(2024, 10, 22), d(2024, 12, 2), cap=1200)),
    _auth("P29", JUJUBE, approved(d(2025, 3, 3), d(2025, 5, 12), cap=45000)),
    _auth("P30", JUJUBE, approved(d(2025, 3, 3), d(2025, 5, 12), cap=4000)),
    _auth("P32", JUJUBE, approved(d(2025, 3, 3), d(2025, 5, 12), cap=40000)),
    # Suspended after a failed spot-check.
    _auth(
        "P13",
        CHERRY,
        approved(d(2023, 12, 18), d(2024, 1, 15), cap=30000),
        (
            "suspend",
            d(2026, 6, 25),
            "2026年抽检可溶性固形物不合格，暂停使用专用标志，限期整改（示例）。",
        ),
    ),
    _auth(
        "P21",
        CHERRY,
        approved(d(2024, 10, 29), d(2024, 12, 2), cap=2500),
        ("suspend", d(2026, 6, 28), "2026年抽检单果重不合格，暂停使用专用标志，限期整改（示例）。"),
    ),
    # Revoked for using the mark beyond its scope (see the enforcement case).
    _auth(
        "P08",
        CHERRY,
        approved(d(2023, 12, 18), d(2024, 1, 15), cap=2000),
        (
            "suspend",
            d(2025, 7, 3),
            "发现在未经核准的樱桃果酱包装上使用专用标志，暂停使用并立案调查（示例）。",
        ),
        ("revoke", d(2025, 8, 15), "超出核准范围使用专用标志，经查属实，撤销使用资格（示例）。"),
    ),
    # Expired: validity ended without renewal.
    _auth(
        "P11",
        CHERRY,
        approved(d(2021, 3, 1), d(2021, 5, 10), years=3, cap=1500),
        ("expire", d(2025, 1, 1), R_EXPIRE),
    ),
    _auth(
        "P31",
        JUJUBE,
        approved(d(2021, 3, 1), d(2021, 5, 10), years=3, cap=1500),
        ("expire", d(2025, 1, 1), R_EXPIRE),
    ),
    # P11 applies again after the expiry: a second, open authorisation under review.
    {
        "producer": "P11",
        "product": CHERRY,
        "applied_on": d(2026, 10, 12),
        "steps": [("review", d(2026, 10, 19), R_REVIEW)],
    },
    # Applied, and under review.
    {"producer": "P18", "product": CHERRY, "applied_on": d(2026, 10, 19), "steps": []},
    {"producer": "P34", "product": CHERRY, "applied_on": d(2026, 11, 2), "steps": []},
    {"producer": "P38", "product": CHERRY, "applied_on": d(2026, 11, 9), "steps": []},
    {
        "producer": "P36",
        "product": JUJUBE,
        "applied_on": d(2026, 9, 14),
        "steps": [("review", d(2026, 9, 21), R_REVIEW)],
    },
    {
        "producer": "P37",
        "product": CHERRY,
        "applied_on": d(2026, 9, 21),
        "steps": [("review", d(2026, 9, 28), R_REVIEW)],
    },
    # Rejected.
    {
        "producer": "P35",
        "product": CHERRY,
        "applied_on": d(2026, 8, 17),
        "steps": [
            ("review", d(2026, 8, 24), R_REVIEW),
            ("reject", d(2026, 9, 30), "生产地不在山亭火樱桃保护范围内，不予核准（示例）。"),
        ],
    },
    {
        "producer": "P39",
        "product": JUJUBE,
        "applied_on": d(2026, 9, 7),
        "steps": [
            ("reject", d(2026, 10, 15), "生产地不在店子长红枣保护范围内，不予核准（示例）。")
        ],
    },
    {
        "producer": "P28",
        "product": JUJUBE,
        "applied_on": d(2026, 9, 14),
        "steps": [
            ("review", d(2026, 9, 21), R_REVIEW),
            (
                "reject",
                d(2026, 10, 26),
                "未能提供产地和生产记录证明，材料不全，不予核准，可补齐后重新申请（示例）。",
            ),
        ],
    },
    {
        "producer": "P33",
        "product": JUJUBE,
        "applied_on": d(2026, 10, 5),
        "steps": [
            ("reject", d(2026, 11, 2), "申请人为经销企业，不是产地生产者，不符合申请条件（示例）。")
        ],
    },
]

# ---------------------------------------------------------------------------------------
# Outlets (invented). URLs are under example.com / example.org.

OUTLETS = [
    {
        "kind": "supermarket_counter",
        "name": "山亭区示例超市 地理标志产品专柜（示例）",
        "name_en": "Geographical-indication counter, Shanting example supermarket (example)",
        "town": "山城街道",
        "address": "山城街道示例路1号（示例地址）",
        "products": [CHERRY, JUJUBE],
        "producer": "P33",
        "opening_hours": "每天 8:00—21:00（示例）",
    },
    {
        "kind": "supermarket_counter",
        "name": "枣庄示例购物中心 山亭特产专柜（示例）",
        "name_en": "Shanting specialties counter, Zaozhuang example mall (example)",
        "town": None,
        "address": "枣庄市市中区示例大道88号（示例地址）",
        "products": [CHERRY],
        "producer": "P01",
        "opening_hours": "每天 9:00—21:30（示例）",
    },
    {
        "kind": "market",
        "name": "水泉镇樱桃交易市场 示例摊位（示例）",
        "name_en": "Stall at the Shuiquan cherry market (example)",
        "town": "水泉镇",
        "address": "水泉镇示例村樱桃交易市场（示例地址）",
        "products": [CHERRY],
        "producer": "P02",
        "opening_hours": "4—6月 每天 5:00—12:00（示例）",
    },
    {
        "kind": "market",
        "name": "店子镇红枣集市 示例摊位（示例）",
        "name_en": "Stall at the Dianzi jujube market (example)",
        "town": "店子镇",
        "address": "店子镇示例村集市（示例地址）",
        "products": [JUJUBE],
        "producer": "P25",
        "opening_hours": "9—10月 逢集日（示例）",
    },
    {
        "kind": "online_shop",
        "name": "樱源果业 网上旗舰店（示例）",
        "name_en": "Yingyuan Fruit online flagship shop (example)",
        "town": "水泉镇",
        "address": "",
        "url": "https://shop.example.com/yingyuan",
        "products": [CHERRY],
        "producer": "P01",
        "opening_hours": "",
    },
    {
        "kind": "online_shop",
        "name": "山亭樱枣电商 网店（示例）",
        "name_en": "Shanting Yingzao online shop (example)",
        "town": "山城街道",
        "address": "",
        "url": "https://www.example.org/shanting-yingzao",
        "products": [CHERRY, JUJUBE],
        "producer": "P40",
        "opening_hours": "",
    },
    {
        "kind": "farm_gate",
        "name": "王某樱桃园 田头直售（示例）",
        "name_en": "Wang family cherry orchard, farm-gate sales (example)",
        "town": "水泉镇",
        "address": "水泉镇示例村6号（示例地址）",
        "products": [CHERRY],
        "producer": "P06",
        "opening_hours": "5—6月 每天 7:00—18:00（示例）",
    },
    {
        "kind": "farm_gate",
        "name": "古枣林采摘园 田头直售（示例）",
        "name_en": "Old jujube grove picking garden, farm-gate sales (example)",
        "town": "店子镇",
        "address": "店子镇示例村29号（示例地址）",
        "products": [JUJUBE],
        "producer": "P29",
        "opening_hours": "9—10月 每天 8:00—17:00（示例）",
    },
]

# ---------------------------------------------------------------------------------------
# Inspections (invented). The measured values are invented too: they sit around the
# published limits so that the demo shows passes and failures; they are not measurements.

TESTING_BODY = "枣庄市检验检测中心（示例）"
PASSING_VALUES = {
    CHERRY: {"单果重": 10.6, "可食率": 93.4, "可溶性固形物": 19.2, "铁": 12.5},
    JUJUBE: {"单果重（示例）": 10.4, "可溶性固形物（示例）": 28.1, "可食率（示例）": 93.0},
}
FOLLOW_UP = "已通知生产者限期整改；整改期间不合格批次不得使用专用标志，整改后复检（示例）。"

# (sample number, producer, product, sampled on, final status, failing values, place)
# final status: planned / sampled / tested / published.
_INSPECTIONS = [
    ("SL-2024-0001", "P01", CHERRY, d(2024, 5, 20), "published", {}, "生产者冷库"),
    ("SL-2024-0002", "P02", CHERRY, d(2024, 5, 20), "published", {}, "合作社分拣车间"),
    ("SL-2024-0003", "P03", CHERRY, d(2024, 5, 22), "published", {}, "生产者果园"),
    (
        "SL-2024-0004",
        "P09",
        CHERRY,
        d(2024, 5, 22),
        "published",
        {"可溶性固形物": 17.4},
        "生产者冷库",
    ),
    ("SL-2024-0005", "P15", CHERRY, d(2024, 5, 27), "published", {}, "合作社分拣车间"),
    ("SL-2024-0006", "P16", CHERRY, d(2024, 5, 27), "published", {}, "生产者仓库"),
    ("SL-2024-0007", "P23", JUJUBE, d(2024, 9, 24), "published", {}, "合作社仓库"),
    (
        "SL-2024-0008",
        "P24",
        JUJUBE,
        d(2024, 9, 24),
        "published",
        {"单果重（示例）": 7.2},
        "生产者仓库",
    ),
    ("SL-2025-0001", "P01", CHERRY, d(2025, 5, 19), "published", {}, "生产者冷库"),
    (
        "SL-2025-0002",
        "P10",
        CHERRY,
        d(2025, 5, 19),
        "published",
        {"可溶性固形物": 16.5},
        "合作社大棚",
    ),
    ("SL-2025-0003", "P04", CHERRY, d(2025, 5, 21), "published", {}, "经营部门店"),
    ("SL-2025-0004", "P05", CHERRY, d(2025, 5, 21), "published", {}, "鲜果店门店"),
    ("SL-2025-0005", "P06", CHERRY, d(2025, 5, 26), "published", {}, "农户果园"),
    ("SL-2025-0006", "P08", CHERRY, d(2025, 5, 26), "published", {}, "农户果园"),
    ("SL-2025-0007", "P17", CHERRY, d(2025, 6, 3), "published", {"铁": 9.8}, "农户果园"),
    ("SL-2025-0008", "P20", CHERRY, d(2025, 6, 3), "published", {}, "合作社分拣车间"),
    ("SL-2025-0009", "P23", JUJUBE, d(2025, 9, 22), "published", {}, "合作社仓库"),
    ("SL-2025-0010", "P25", JUJUBE, d(2025, 9, 22), "published", {}, "经营部门店"),
    (
        "SL-2025-0011",
        "P26",
        JUJUBE,
        d(2025, 9, 29),
        "published",
        {"可溶性固形物（示例）": 23.6},
        "农户枣园",
    ),
    ("SL-2025-0012", "P29", JUJUBE, d(2025, 10, 9), "published", {}, "合作社仓库"),
    ("SL-2026-0001", "P02", CHERRY, d(2026, 5, 18), "published", {}, "合作社分拣车间"),
    (
        "SL-2026-0002",
        "P13",
        CHERRY,
        d(2026, 5, 18),
        "published",
        {"可溶性固形物": 16.8},
        "生产者冷库",
    ),
    ("SL-2026-0003", "P21", CHERRY, d(2026, 5, 25), "published", {"单果重": 8.9}, "农户果园"),
    ("SL-2026-0004", "P15", CHERRY, d(2026, 5, 25), "published", {}, "合作社分拣车间"),
    ("SL-2026-0005", "P19", CHERRY, d(2026, 6, 1), "published", {}, "采摘园"),
    ("SL-2026-0006", "P12", CHERRY, d(2026, 6, 1), "tested", {}, "电商服务部仓库"),
    ("SL-2026-0007", "P22", CHERRY, d(2026, 6, 8), "sampled", {}, "商行门店"),
    ("SL-2026-0008", "P24", JUJUBE, d(2026, 9, 21), "published", {}, "生产者仓库"),
    ("SL-2026-0009", "P32", JUJUBE, d(2026, 9, 28), "tested", {}, "生产者仓库"),
    ("SL-2026-0010", "P30", JUJUBE, None, "planned", {}, "电商服务部仓库"),
]


def _inspection(n, row):
    number, producer, product, sampled_on, status, failing, place = row
    values = None
    if status in ("tested", "published"):
        # A little deterministic spread so that the results do not all read the same.
        spread = Decimal((n * 7) % 5) / 10
        values = {
            name: Decimal(str(failing.get(name, value))) + (0 if name in failing else spread)
            for name, value in PASSING_VALUES[product].items()
        }
    tested_on = sampled_on + datetime.timedelta(days=9) if values else None
    failed = bool(failing)
    return {
        "sample_number": number,
        "producer": producer,
        "product": product,
        "status": status,
        "sampled_on": sampled_on,
        "sampling_place": f"{place}（示例）",
        "testing_body": TESTING_BODY,
        "tested_on": tested_on,
        "report_number": (
            f"示例检字〔{sampled_on.year}〕第{number.rsplit('-', 1)[1]}号" if values else ""
        ),
        "published_on": tested_on + datetime.timedelta(days=12) if status == "published" else None,
        "values": values,
        "follow_up": FOLLOW_UP if failed else "",
        "follow_up_deadline": tested_on + datetime.timedelta(days=60) if failed else None,
        # Follow-ups of the earlier years are done; this year's are still open.
        "follow_up_done_on": (
            tested_on + datetime.timedelta(days=45) if failed and sampled_on.year < 2026 else None
        ),
    }


INSPECTIONS = [_inspection(n, row) for n, row in enumerate(_INSPECTIONS, start=1)]

# ---------------------------------------------------------------------------------------
# Enforcement cases (invented). Every violation type appears once.

ENFORCEMENT_CASES = [
    {
        "case_number": "山市监处罚〔2025〕示例1号",
        "producer": None,
        "subject_name": "某水果批发摊位（示例）",
        "product": CHERRY,
        "violation_type": "unauthorised_use",
        "status": "decided",
        "opened_on": d(2025, 5, 28),
        "decided_on": d(2025, 7, 10),
        "decision_number": "山市监罚决〔2025〕示例1号",
        "penalty": "责令停止使用地理标志专用标志，没收印有专用标志的包装箱，罚款（示例）。",
        "fine_yuan": Decimal("8000"),
        "summary": (
            "当事人未经核准，在外地樱桃的包装箱上印制地理标志专用标志并标注“山亭火樱桃”对外销售（示例案情）。"
        ),
        "summary_en": (
            "Without authorisation, the party printed the GI special mark and the name Shanting "
            "Fire Cherry on boxes of cherries grown elsewhere and sold them (example case)."
        ),
        "publish_on": d(2025, 7, 20),
    },
    {
        "case_number": "山市监处罚〔2025〕示例2号",
        "producer": "P08",
        "subject_name": "",
        "product": CHERRY,
        "violation_type": "beyond_scope",
        "status": "closed",
        "opened_on": d(2025, 7, 3),
        "decided_on": d(2025, 8, 15),
        "decision_number": "山市监罚决〔2025〕示例2号",
        "penalty": "责令改正，撤销专用标志使用资格，罚款（示例）。",
        "fine_yuan": Decimal("3000"),
        "summary": (
            "当事人获准在山亭火樱桃鲜果上使用专用标志，却将标志用于未经核准的樱桃果酱包装（示例案情）。"
        ),
        "summary_en": (
            "The party was authorised to use the mark on fresh Shanting fire cherries but used "
            "it on jars of cherry jam, which the authorisation does not cover (example case)."
        ),
        "publish_on": d(2025, 8, 25),
    },
    {
        "case_number": "山市监处罚〔2025〕示例3号",
        "producer": None,
        "subject_name": "某电商网店（示例）",
        "product": CHERRY,
        "violation_type": "fake_origin",
        "status": "decided",
        "opened_on": d(2025, 6, 9),
        "decided_on": d(2025, 8, 1),
        "decision_number": "山市监罚决〔2025〕示例3号",
        "penalty": "责令停止违法行为，删除虚假产地宣传，没收违法所得，罚款（示例）。",
        "fine_yuan": Decimal("15000"),
        "summary": ("当事人在网店中将外省产樱桃宣传为“山亭水泉原产火樱桃”销售（示例案情）。"),
        "summary_en": (
            "The party's online shop sold cherries from another province as 'fire cherries "
            "grown in Shuiquan, Shanting' (example case)."
        ),
        "publish_on": d(2025, 8, 12),
    },
    {
        "case_number": "山市监处罚〔2025〕示例4号",
        "producer": None,
        "subject_name": "某礼品包装商行（示例）",
        "product": JUJUBE,
        "violation_type": "obsolete_mark",
        "status": "closed",
        "opened_on": d(2025, 9, 15),
        "decided_on": d(2025, 10, 20),
        "decision_number": "山市监罚决〔2025〕示例4号",
        "penalty": "责令停止使用旧版标志，销毁库存包装，警告（示例）。",
        "fine_yuan": None,
        "summary": (
            "当事人在2025年仍销售印有旧版地理标志专用标志的红枣礼盒（旧版标志自2021年1月1日起不得使用）（示例案情）。"
        ),
        "summary_en": (
            "In 2025 the party still sold jujube gift boxes printed with the old version of the "
            "special mark, which may not be used since 1 January 2021 (example case)."
        ),
        "publish_on": d(2025, 10, 30),
    },
    {
        "case_number": "山市监处罚〔2026〕示例1号",
        "producer": None,
        "subject_name": "某农贸市场摊位（示例）",
        "product": CHERRY,
        "violation_type": "misleading_wording",
        "status": "open",
        "opened_on": d(2026, 5, 30),
        "decided_on": None,
        "decision_number": "",
        "penalty": "",
        "fine_yuan": None,
        "summary": (
            "摊位招牌写着“山亭火樱桃风味 正宗同款”，所售樱桃并非产自保护范围，正在调查（示例案情）。"
        ),
        "summary_en": (
            "A stall advertised 'Shanting fire cherry flavour, same as the genuine one' for "
            "cherries from outside the protected area; under investigation (example case)."
        ),
        "publish_on": None,
    },
    {
        "case_number": "山市监处罚〔2026〕示例2号",
        "producer": "P13",
        "subject_name": "",
        "product": CHERRY,
        "violation_type": "substandard",
        "status": "decided",
        "opened_on": d(2026, 6, 26),
        "decided_on": d(2026, 8, 20),
        "decision_number": "山市监罚决〔2026〕示例2号",
        "penalty": "责令改正，罚款（示例）。",
        "fine_yuan": Decimal("5000"),
        "summary": (
            "当事人抽检不合格、专用标志被暂停后，仍在库存产品上使用专用标志销售（示例案情）。决定已作出，尚未公开。"
        ),
        "summary_en": (
            "After failing a spot-check and having its mark suspended, the party kept selling "
            "stock bearing the mark (example case). Decided, not yet published."
        ),
        "publish_on": None,
    },
    {
        "case_number": "山市监处罚〔2026〕示例3号",
        "producer": None,
        "subject_name": "某超市（示例）",
        "product": JUJUBE,
        "violation_type": "other",
        "status": "dropped",
        "opened_on": d(2026, 10, 12),
        "decided_on": d(2026, 11, 5),
        "decision_number": "",
        "penalty": "",
        "fine_yuan": None,
        "summary": (
            "举报称超市销售的红枣标签未标注产品标准号，经核查为供应商已更换合规标签，不予立案处罚（示例案情）。"
        ),
        "summary_en": (
            "A report said a supermarket's jujubes carried no standard number on the label; the "
            "supplier had already replaced the labels, so the case was dropped (example case)."
        ),
        "publish_on": None,
    },
]

# ---------------------------------------------------------------------------------------
# Annual statistics. Only the cherry's 2019 row comes from a source; it is 水泉镇's figure,
# and another source's district-wide area (about 200,000 亩) disagrees with it.

STATISTICS = {
    CHERRY: [
        # (year, area 亩, output t, value 万元, users' output t, source, verified)
        (
            2019,
            80000,
            16000,
            46000,
            None,
            "水泉镇 only, 2019 press report (secondary copy): 80,000 亩, 16,000 t, output value "
            "over ¥460 million. Another source gives about 200,000 亩 for the whole district — "
            "the figures disagree, to be verified. Users' output not reported.",
            False,
        ),
        (2020, 81000, 16300, 47500, 7200, EXAMPLE_SOURCE, False),
        (2021, 82000, 16800, 49800, 8600, EXAMPLE_SOURCE, False),
        (2022, 82500, 17100, 51300, 9900, EXAMPLE_SOURCE, False),
        (2023, 83000, 17600, 53900, 11200, EXAMPLE_SOURCE, False),
        (2024, 83500, 17900, 56000, 12300, EXAMPLE_SOURCE, False),
        (2025, 84000, 18300, 58500, 13400, EXAMPLE_SOURCE, False),
    ],
    JUJUBE: [
        (2019, 15000, 6200, 9300, 1800, EXAMPLE_SOURCE, False),
        (2020, 15200, 6400, 9800, 2100, EXAMPLE_SOURCE, False),
        (2021, 15300, 6500, 10200, 2500, EXAMPLE_SOURCE, False),
        (2022, 15500, 6700, 10800, 3000, EXAMPLE_SOURCE, False),
        (2023, 15600, 6900, 11500, 3600, EXAMPLE_SOURCE, False),
        (2024, 15800, 7100, 12100, 4100, EXAMPLE_SOURCE, False),
        (2025, 16000, 7300, 12800, 4600, EXAMPLE_SOURCE, False),
    ],
}

# ---------------------------------------------------------------------------------------
# Illustrations: (kind, drawing, alt text, alt text English, caption, caption English).
# The drawing names functions of shanting_gi.demo.images; the credit code drawn on the mark
# sample is that of example producer P01 (cherry) or P24 (jujube).

MARK_CODE_PRODUCER = {CHERRY: "P01", JUJUBE: "P24"}

IMAGES = {
    CHERRY: [
        (
            "genuine_product",
            "cherry_fruit",
            "示意图：手绘的一串山亭火樱桃，果实肾形、紫红色（非实物照片）",
            "Illustration: a drawn cluster of kidney-shaped, purple-red Shanting fire cherries "
            "(not a photograph)",
            "示意图，非实物照片：山亭火樱桃果实外观（外观特征待核）",
            "Illustration, not a photograph: what the fruit looks like (traits to be verified)",
        ),
        (
            "genuine_packaging",
            "cherry_package",
            "示意图：正规包装的版式，含专用标志、使用人信用代码、产品标准号和标签码位置（非实物照片）",
            "Illustration: a package layout with the special mark, the user's credit code, the "
            "standard number and the label code (not a photograph)",
            "示意图：正规包装上应有的信息（示例版式）",
            "Illustration: what a genuine package shows (example layout)",
        ),
        (
            "mark_sample",
            "mark_sample",
            "示意图：专用标志位置与使用人统一社会信用代码（示意，非官方标志图案）",
            "Illustration: where the special mark and the user's credit code appear (schematic, "
            "not the official design)",
            "示意图：标志旁印有使用人的统一社会信用代码（示例代码）",
            "Illustration: the user's credit code printed by the mark (example code)",
        ),
        (
            "known_fake",
            "known_fake",
            "示意图：可疑标签，旧版标志、无信用代码、写有“风味/型”字样，打红叉（虚构示例）",
            "Illustration: a suspicious label with an old mark, no credit code and 'style' "
            "wording, crossed out in red (invented example)",
            "示意图：常见的假冒迹象（虚构示例，非实物）",
            "Illustration: common signs of a fake (invented example, not a real product)",
        ),
    ],
    JUJUBE: [
        (
            "genuine_product",
            "jujube_fruit",
            "示意图：手绘的店子长红枣，果实长圆柱形、鲜红色（非实物照片）",
            "Illustration: drawn Dianzi long red jujubes, long, cylindrical and bright red "
            "(not a photograph)",
            "示意图，非实物照片：店子长红枣果实外观（外观特征待核）",
            "Illustration, not a photograph: what the fruit looks like (traits to be verified)",
        ),
        (
            "genuine_packaging",
            "jujube_package",
            "示意图：正规包装的版式，含专用标志、使用人信用代码、产品标准号和标签码位置（非实物照片）",
            "Illustration: a package layout with the special mark, the user's credit code, the "
            "standard number and the label code (not a photograph)",
            "示意图：正规包装上应有的信息（示例版式）",
            "Illustration: what a genuine package shows (example layout)",
        ),
        (
            "mark_sample",
            "mark_sample",
            "示意图：专用标志位置与使用人统一社会信用代码（示意，非官方标志图案）",
            "Illustration: where the special mark and the user's credit code appear (schematic, "
            "not the official design)",
            "示意图：标志旁印有使用人的统一社会信用代码（示例代码）",
            "Illustration: the user's credit code printed by the mark (example code)",
        ),
        (
            "known_fake",
            "known_fake",
            "示意图：可疑标签，旧版标志、无信用代码、写有“风味/型”字样，打红叉（虚构示例）",
            "Illustration: a suspicious label with an old mark, no credit code and 'style' "
            "wording, crossed out in red (invented example)",
            "示意图：常见的假冒迹象（虚构示例，非实物）",
            "Illustration: common signs of a fake (invented example, not a real product)",
        ),
    ],
}

# -- label batches and complaints (invented) ------------------------------------------------

R_VOID_BATCH = "标签卷在运输中遗失，整批作废（示例）。"

COMPLAINTS = [
    {
        "product": CHERRY,
        "fields": {
            "description": "在市场买到标称“山亭火樱桃”的樱桃，包装上的标签码查询显示不是监管局发放的标签（示例）",
            "bought_where": "某农贸市场（示例）",
            "seller": "某水果摊位（示例）",
            "label_code": "ABCD-EFGH-JKMN-PQRS",
            "contact_phone": "13900000001",
        },
        "statuses": ["accepted", "investigating"],
        "replies": ["已受理，执法人员将到该市场核查（示例）。"],
    },
    {
        "product": JUJUBE,
        "fields": {
            "description": "网店宣传“店子长红枣”，但发货地不在山亭区，怀疑冒用产地（示例）",
            "bought_where": "某电商平台网店（示例）",
            "contact_email": "buyer@example.com",
        },
        "statuses": ["accepted", "closed"],
        "replies": ["经核查，该网店已下架相关商品并改正宣传用语，本投诉办结（示例）。"],
    },
    {
        "product": CHERRY,
        "fields": {"description": "樱桃个头很小，怀疑不是正宗火樱桃（示例）"},
        "statuses": [],
        "replies": [],
    },
]
