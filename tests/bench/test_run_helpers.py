"""bench/run.py cannot rot silently: its pure helpers and its hello-world URLconf are
checked here. Nothing is timed; the figures themselves come from running the script."""

import io

import pytest
from django.test import override_settings

from bench import run
from producers.labels import codes

WRK_OK = """Running 10s test @ http://127.0.0.1:53137/bench-hello
  2 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    12.13ms    4.05ms  37.07ms   78.61%
    Req/Sec   660.15     98.99   808.00     75.00%
  13200 requests in 10.01s, 4.18MB read
Requests/sec:   1318.68
Transfer/sec:    427.50KB
"""

WRK_ERRORS = """Running 10s test @ http://127.0.0.1:53137/products/x/
  2 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     1.52s   310.00ms   2.00s    70.00%
    Req/Sec     0.50      0.70     2.00     90.00%
  9 requests in 1.00m, 24.30MB read
  Socket errors: connect 0, read 2, write 0, timeout 3
  Non-2xx or 3xx responses: 4
Requests/sec:      0.15
Transfer/sec:    414.70KB
"""


def test_parse_wrk_reads_rate_count_and_duration():
    result = run.parse_wrk(WRK_OK)
    assert (result.requests, result.seconds, result.rps) == (13200, 10.01, 1318.68)
    assert result.errors == 0


def test_parse_wrk_counts_errors_and_non_2xx():
    result = run.parse_wrk(WRK_ERRORS)
    assert result.seconds == 60.0
    assert result.non_2xx == 4
    assert result.socket_errors == {"connect": 0, "read": 2, "write": 0, "timeout": 3}
    assert result.errors == 9


def test_parse_wrk_refuses_other_text():
    with pytest.raises(ValueError, match="not wrk output"):
        run.parse_wrk("unable to connect to 127.0.0.1:1 Connection refused")


def test_median_and_nearest_rank_percentile():
    assert run.median([3, 1, 2, None]) == 2
    assert run.median([]) is None
    values = list(range(1, 101))  # 1 … 100
    assert run.percentile(values, 95) == 95
    assert run.percentile([7, 1, 5], 95) == 7  # a value that occurred, not an interpolation
    assert run.percentile([4], 50) == 4
    with pytest.raises(ValueError):
        run.percentile([], 95)


def test_ratio_summary_takes_the_median_of_per_pair_ratios():
    # Per pair: 0.5, 0.25, 0.1 → median 0.25 (not median page ÷ median hello = 0.2).
    ratio, page, hello = run.ratio_summary([(50, 100), (50, 200), (40, 400)])
    assert ratio == 0.25
    assert (page, hello) == (50, 200)
    assert run.ratio_summary([(10, 0)]) == (None, None, None)  # a hello run that failed


def test_goal_checks_and_number_formats():
    assert run.at_least(0.6, 0.6) is True
    assert run.at_least(0.59, 0.6) is False
    assert run.at_most(None, 1) is None
    assert run.fmt_ms(0.0423) == "42 ms"
    assert run.fmt_ms(1.61) == "1.6 s"
    assert run.fmt_ms(0.0042) == "4.2 ms"
    assert run.fmt_bytes(2_650_000) == "2.6 MB"
    assert run.fmt_bytes(512) == "512 B"
    assert run.fmt_ratio(0.031) == "0.031"
    assert run.fmt_ratio(0.52) == "0.52"
    assert run.fmt_ratio(0.00012) == "1.2e-04"
    assert run.fmt_rate(2318.4) == "2,318"


def test_format_table_is_markdown_aligned_for_chinese_too():
    figures = [
        run.Figure("search p95", "≤ 50 ms", "612 ms “山亭火樱桃”", met=False),
        run.Figure("hello world", "—", "2,318 req/s"),
    ]
    lines = run.format_table(figures).splitlines()
    assert lines[0].startswith("| figure ")
    assert lines[1].startswith("|---")
    assert "| ≤ 50 ms " in lines[2] and "山亭火樱桃" in lines[2]
    # Chinese characters take two columns: every line is as wide on screen.
    assert len({run.display_width(line) for line in lines}) == 1


def test_goals_summary_names_what_was_missed_and_skips_figures_without_goal():
    figures = [
        run.Figure("a", "≥ 1", "2", met=True),
        run.Figure("b, page 1", "≤ 1", "3", met=False),
        run.Figure("info", "—", "4"),
    ]
    assert run.goals_summary(figures) == "1 of 2 goals met (missed: b, page 1)"


def test_redact_url_hides_the_password_only():
    assert (
        run.redact_url("postgres://gi:s3cret@db:5432/bench10k")
        == "postgres://gi:***@db:5432/bench10k"
    )
    assert run.redact_url("postgres://gi@127.0.0.1:55432/x") == "postgres://gi@127.0.0.1:55432/x"


def test_parse_chunked_counts_chunks_as_sent():
    body = b"4\r\nab\nc\r\n3;ext=1\r\nd\ne\r\n0\r\nTrailer: x\r\n\r\n"
    received = []
    assert run.parse_chunked(io.BytesIO(body), received.append) == 2
    assert b"".join(received) == b"ab\ncd\ne"
    with pytest.raises(ValueError):
        run.parse_chunked(io.BytesIO(b"5\r\nab"), received.append)


def test_plan_summary_names_scans_hashed_subplans_and_trigram_use():
    sql = (
        'SELECT "a"."id", EXISTS(SELECT 1 FROM "results" U0 WHERE U0."x" = ("a"."id")) '
        'FROM "inspections" "a" WHERE "a"."name" LIKE \'%x%\''
    )
    assert run.main_table(sql) == "inspections"
    plan = {
        "Node Type": "Limit",
        "Plans": [
            {"Node Type": "Seq Scan", "Relation Name": "inspections"},
            {
                "Node Type": "Seq Scan",
                "Relation Name": "results",
                "Subplan Name": "hashed SubPlan 1",
            },
            {"Node Type": "Seq Scan", "Relation Name": "results"},
            {"Node Type": "Bitmap Index Scan", "Index Name": "producer_search_trgm"},
        ],
    }
    summary = run.summarise_plan(plan, {"producer_search_trgm"}, sql)
    assert summary.startswith("inspections: Seq Scan inspections, Seq Scan results ×2")
    assert "hashed SubPlan" in summary
    assert summary.endswith("trigram index used: producer_search_trgm")


def test_arguments_refuse_unknown_sections_and_a_missing_database(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    with pytest.raises(SystemExit):
        run.parse_args(["--database-url", "postgres://x/y", "--only", "search,speed"])
    with pytest.raises(SystemExit):
        run.parse_args([])
    args = run.parse_args(["--database-url", "postgres://x/y", "--only", "search, csv"])
    assert args.sections == ["search", "csv"] and args.scale == 10_000


def test_forged_code_is_well_formed_but_unsigned():
    genuine = codes.encode(codes.current_key_version(), 5, 4242)
    forged = run.forged_from(genuine)
    assert forged != genuine and len(forged) == codes.CODE_LENGTH
    assert codes.decode(forged).outcome == codes.Outcome.FORGED


@override_settings(ROOT_URLCONF="bench.urls")
def test_bench_urlconf_adds_hello_to_the_site_unchanged(client):
    response = client.get("/bench-hello")
    assert response.status_code == 200
    assert response.content == b"Hello, world"
    assert client.get("/robots.txt").status_code == 200  # the project's own URLs still there
