"""shanting_gi.core.streaming: small pieces joined into large chunks, in order."""

import csv
import io

from shanting_gi.core.streaming import CHUNK_SIZE, chunked, csv_line_writer


def test_pieces_are_joined_into_chunks_of_at_least_the_size():
    pieces = [f"{n:04d}\n" for n in range(1000)]  # 5 characters each
    chunks = list(chunked(pieces, size=64))
    assert "".join(chunks) == "".join(pieces)
    assert all(len(c) >= 64 for c in chunks[:-1])
    assert all(len(c) < 64 + 5 for c in chunks)
    assert len(chunks) == -(-5000 // 65)  # 13 pieces (65 characters) a chunk


def test_the_default_chunk_is_64_k_characters():
    chunks = list(chunked("x" * 1000 for _ in range(200)))
    assert CHUNK_SIZE == 65_536
    assert [len(c) for c in chunks] == [66_000, 66_000, 66_000, 2_000]


def test_nothing_in_nothing_out_and_a_short_stream_is_one_chunk():
    assert list(chunked([])) == []
    assert list(chunked(["a", "b"])) == ["ab"]


def test_the_csv_line_writer_returns_each_line():
    writer = csv_line_writer()
    line = writer.writerow(["a,b", '引号"', 3])
    assert line == '"a,b","引号""",3\r\n'
    assert next(csv.reader(io.StringIO(line))) == ["a,b", '引号"', "3"]
