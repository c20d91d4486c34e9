"""The portal's data in the open API: public records only, nothing an asker wrote or left
as contact, constant query counts, bad filters answered 400."""

import json

import pytest

from tests.factories import (
    make_article,
    make_association,
    make_consultation,
    make_event,
    make_park,
    make_producer,
    make_product,
)

pytestmark = pytest.mark.django_db

PRIVATE = ["问题原文：我家的私事", "提问人王某某", "13900009999", "private-asker@example.com"]


@pytest.fixture
def data():
    cherry = make_product(slug="cherry")
    published, _ = make_consultation(
        publish=True,
        product=cherry,
        public_question="公开的问题",
        question=PRIVATE[0],
        asker_name=PRIVATE[1],
        contact_phone=PRIVATE[2],
        contact_email=PRIVATE[3],
    )
    make_consultation(answer="未公开答复", public_question="未公开问题")
    make_article(title="已发布文章", product=cherry)
    make_article(title="草稿文章", published=False)
    make_event(title="已发布活动", product=cherry)
    make_event(title="未发布活动", is_published=False)
    make_park(name="公开园区", product=cherry)
    make_park(name="不公开园区", is_public=False)
    make_association(
        name="协会",
        products=[cherry],
        members=[make_producer(name="公开会员"), make_producer(name="隐藏会员", is_public=False)],
    )
    return published


@pytest.mark.parametrize("name", ["faq", "news", "events", "parks", "associations"])
def test_lists_show_public_records_and_nothing_private(client, data, name):
    response = client.get(f"/api/v1/{name}/")
    assert response.status_code == 200
    text = json.dumps(response.json(), ensure_ascii=False)
    for private in [*PRIVATE, "未公开", "草稿文章", "未发布活动", "不公开园区", "隐藏会员"]:
        assert private not in text, private
    assert data.tracking_number not in text
    first = response.json()["results"][0]
    assert client.get(f"/api/v1/{name}/{first['id']}/").status_code == 200


def test_the_faq_answers_with_the_public_wording(client, data):
    result = client.get("/api/v1/faq/").json()["results"]
    assert [r["question"] for r in result] == ["公开的问题"]
    assert set(result[0]) >= {"topic", "product", "answer", "answer_en", "published_on", "url"}
    assert not {"question_asked", "contact_email", "tracking_number", "secret_hash"} & set(
        result[0]
    )


def test_unpublished_records_answer_404(client, data):
    hidden, _ = make_consultation(answer="答")
    assert client.get(f"/api/v1/faq/{hidden.pk}/").status_code == 404
    assert client.get(f"/api/v1/news/{make_article(published=False).pk}/").status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/faq/?topic=gossip",
        "/api/v1/news/?product=not a slug",
        "/api/v1/events/?when=soon",
        "/api/v1/parks/?town=abc",
        "/api/v1/faq/?q=",
        "/api/v1/associations/?ordering=secret",
    ],
)
def test_bad_filters_answer_400(client, data, path):
    assert client.get(path).status_code == 400


def test_a_well_formed_value_naming_nothing_gives_an_empty_list(client, data):
    # As on every API list (docs/api.md): which records exist is data.
    response = client.get("/api/v1/news/?product=nope")
    assert response.status_code == 200
    assert response.json()["results"] == []


@pytest.mark.parametrize(
    "name, queries",
    [("faq", 2), ("news", 4), ("events", 2), ("parks", 2), ("associations", 5)],
)
def test_lists_cost_a_constant_number_of_queries(
    client, data, django_assert_num_queries, name, queries
):
    # faq, events, parks: count, page with related rows; news: + attachments, pictures;
    # associations: count, page, products, public members, packaging.
    with django_assert_num_queries(queries):
        client.get(f"/api/v1/{name}/")
    cherry = make_product()
    for _ in range(5):
        make_consultation(publish=True, product=cherry)
        make_article(product=cherry)
        make_event(product=cherry)
        make_park(product=cherry)
        make_association(products=[cherry], members=[make_producer()])
    with django_assert_num_queries(queries):
        client.get(f"/api/v1/{name}/")
