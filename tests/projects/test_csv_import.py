"""The CSV parser for locations: spreadsheet dialects, German headers, and every bad row with its row and column."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given, settings, strategies as st

from backend.projects.csv_import import parse_locations
from backend.tables import CsvImportError, CsvTooLarge, RowError


def errors_of(data: bytes) -> list[RowError]:
    with pytest.raises(CsvImportError) as caught:
        parse_locations(data)
    return caught.value.errors


def test_a_comma_file_with_field_names_and_a_bom():
    data = ("\ufeffcode,name,kind,street,postal_code,city,country,latitude,longitude,phone,url\n"
            "B-01,Berlin Mitte,store,Unter den Linden 1,10117,Berlin,DE,52.517,13.389,+49 30 1234,https://x.de/b\n"
            "HOT,Hotline,hotline,,,,,,,0800 123456,\n").encode()
    first, second = parse_locations(data)
    assert first.model_dump() == {
        "code": "B-01", "name": "Berlin Mitte", "kind": "store", "street": "Unter den Linden 1",
        "postal_code": "10117", "city": "Berlin", "country": "DE", "latitude": 52.517, "longitude": 13.389,
        "phone": "+49 30 1234", "url": "https://x.de/b", "time_zone": "Europe/Berlin"}
    assert (second.code, second.kind, second.city, second.phone) == ("HOT", "hotline", None, "0800 123456")


def test_german_excel_semicolons_headers_decimal_commas_and_kinds():
    data = ("Kennung;Name;Art;Straße;PLZ;Ort;Land;Breitengrad;Längengrad;Telefon;Webseite\r\n"
            "M-1;München Zentrum;Filiale;Marienplatz 1;80331;München;de;48,137;11,575;089 123;\r\n").encode("utf-8-sig")
    (location,) = parse_locations(data)
    assert (location.kind, location.country, location.latitude, location.longitude) == ("branch", "DE", 48.137, 11.575)
    assert (location.street, location.postal_code, location.city) == ("Marienplatz 1", "80331", "München")


def test_tab_delimited_files_are_read_too():
    (location,) = parse_locations(b"code\tname\tkind\nW\tShop online\twebsite\n")
    assert (location.code, location.kind) == ("W", "website")


def test_row_numbers_are_spreadsheet_rows_even_with_blank_rows_and_multi_line_cells():
    data = ('code,name,kind,street\n'
            'A,"Shop, the first",store,"Hof 1\nHinterhaus"\n'
            ',,,\n'
            'B,Second,shop,\n').encode()
    (error,) = errors_of(data)
    assert (error.row, error.column) == (4, "kind")
    assert "'store', 'branch', 'hotline' or 'website'" in error.message


def test_good_rows_are_read_when_blank_rows_sit_between_them():
    data = b"code,name,kind\nA,One,store\n\n,,\nB,Two,branch\n,,\n"
    assert [location.code for location in parse_locations(data)] == ["A", "B"]


@pytest.mark.parametrize("row,column,fragment", [
    ("S1,,store,,,", "Name", "Fill in this cell"),
    ("S1,Shop,shop,,,", "kind", "'store', 'branch'"),
    ("S1,Shop,store,91,10,", "lat", "less than or equal to 90"),
    ("S1,Shop,store,50,-181,", "lng", "greater than or equal to -180"),
    ("S1,Shop,store,fifty,10,", "lat", "valid number"),
    ("S1,Shop,store,50,,", "lng", "Give the longitude too"),
    ("S1,Shop,store,,10,", "lat", "Give the latitude too"),
    ("S1,Shop,store,,,UK", "Land", "write GB"),
    ("S1,Shop,store,,,Deutschland", "Land", "not an ISO 3166-1 country code"),
])
def test_each_bad_cell_is_named_by_row_and_column(row, column, fragment):
    data = f"code,Name,kind,lat,lng,Land\nOK,Fine,store,,,\n{row}\n".encode()
    (error,) = errors_of(data)
    assert (error.row, error.column) == (3, column)
    assert fragment in error.message


@pytest.mark.parametrize("cells,column,fragment", [
    ("not a number!", "phone", "phone number"),
    ("www.example.de", "url", "https://"),
    ("1" * 21, "postal_code", "at most 20 characters"),
])
def test_phone_url_and_lengths_are_checked(cells, column, fragment):
    data = f"code,name,kind,{column}\nS1,Shop,store,{cells}\n".encode()
    (error,) = errors_of(data)
    assert (error.row, error.column) == (2, column) and fragment in error.message


def test_every_bad_row_is_reported_not_only_the_first():
    data = b"code,name,kind\nA,,store\nB,Two,store\nC,Three,boat\n,Four,store\n"
    assert [(e.row, e.column) for e in errors_of(data)] == [(2, "name"), (4, "kind"), (5, "code")]


def test_a_code_used_twice_names_the_first_row():
    (error,) = errors_of(b"code,name,kind\nA,One,store\nB,Two,store\nA,Again,store\n")
    assert (error.row, error.column) == (4, "code")
    assert "row 2" in error.message


def test_a_value_beyond_the_header_is_refused_but_trailing_empty_cells_are_fine():
    assert len(parse_locations(b"code;name;kind\nA;One;store;;\n")) == 1
    (error,) = errors_of(b"code;name;kind\nA;One;store;extra\n")
    assert error.row == 2 and "no column title" in error.message


@pytest.mark.parametrize("header,column,fragment", [
    ("code,name,kind,Region", "Region", "Unknown column"),
    ("code,name,kind,Name", "Name", "second column for name"),
    ("code,name", "kind", "missing"),
])
def test_header_problems_are_row_one(header, column, fragment):
    errors = errors_of(f"{header}\nA,One,store,x\n".encode())
    assert any(e.row == 1 and e.column == column and fragment in e.message for e in errors), errors


@pytest.mark.parametrize("data", [b"", b"\xef\xbb\xbf", b"\n\n", b";;;\n"])
def test_an_empty_file_says_so(data):
    (error,) = errors_of(data)
    assert error.row == 1 and "empty" in error.message


def test_a_file_that_is_not_utf8_names_the_line_and_how_to_save_it():
    data = "code;name;kind;Straße\nA;One;store;Hauptstraße 1\n".encode("cp1252")
    (error,) = errors_of(data)
    assert error.row == 1 and "CSV UTF-8" in error.message


def test_broken_quoting_is_reported_with_its_row():
    (error,) = errors_of(b'code,name,kind\nA,One,store\nB,"Two"x,store\n')
    assert error.row == 3 and "cannot be read" in error.message


def test_control_characters_are_refused():
    (error,) = errors_of(b"code,name,kind\nA,One\x00,store\n")
    assert (error.row, error.column) == (2, "name")


def test_more_rows_than_allowed_stop_the_import():
    data = b"code,name,kind\n" + b"".join(b"C%d,Shop,store\n" % i for i in range(4))
    assert len(parse_locations(data, max_rows=4)) == 4
    with pytest.raises(CsvTooLarge):
        parse_locations(data + b"C9,Shop,store\n", max_rows=4)


def test_empty_cells_clear_optional_values_but_missing_columns_keep_them():
    with_city, without_column = parse_locations(b"code,name,kind,city\nA,One,store,\n")[0], \
        parse_locations(b"code,name,kind\nA,One,store\n")[0]
    assert "city" in with_city.model_fields_set and with_city.city is None
    assert "city" not in without_column.model_fields_set


texts = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp")),
                min_size=1, max_size=30).map(str.strip).filter(bool)
rows = st.lists(st.fixed_dictionaries({
    "code": texts, "name": texts, "kind": st.sampled_from(["store", "branch", "hotline", "website"]),
    "city": st.one_of(st.none(), texts),
    "coordinates": st.one_of(st.none(), st.tuples(st.floats(-90, 90), st.floats(-180, 180))),
}), min_size=1, max_size=8, unique_by=lambda row: row["code"])


@settings(max_examples=60, deadline=None)
@given(rows=rows, delimiter=st.sampled_from([",", ";"]), bom=st.booleans())
def test_whatever_a_spreadsheet_writes_reads_back_the_same(rows, delimiter, bom):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(["code", "name", "kind", "city", "latitude", "longitude"])
    for row in rows:
        latitude, longitude = row["coordinates"] or ("", "")
        writer.writerow([row["code"], row["name"], row["kind"], row["city"] or "", repr(latitude) if latitude != ""
                         else "", repr(longitude) if longitude != "" else ""])
    data = buffer.getvalue().encode("utf-8-sig" if bom else "utf-8")
    parsed = parse_locations(data)
    assert [(p.code, p.name, p.kind, p.city) for p in parsed] == [
        (r["code"], r["name"], r["kind"], r["city"]) for r in rows]
    assert [(p.latitude, p.longitude) for p in parsed] == [r["coordinates"] or (None, None) for r in rows]
