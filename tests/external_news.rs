//! The reader of GUM's entity layer (`external::read_gum`, issue 14's news substitute): which
//! person mentions count as names, on an invented document in GUM's tabular form
//! (`coref/gum/conll/`), not GUM text. The rule in words is in `tests/external/README.md`.

use sarpack::detect::evaluation::external::{parse_gum, read_gum};

/// The gold spans of the only document in `source`, as text.
fn names(source: &str) -> Vec<String> {
    let documents = parse_gum(source).unwrap();
    assert_eq!(documents.len(), 1);
    let document = &documents[0];
    document
        .gold
        .iter()
        .map(|&(start, end)| document.text[start..end].to_string())
        .collect()
}

/// An invented news story: titles, nested places and organisations, a surname after the full
/// name, a group, a possessor, a role after "of", a lower-case name part after a hyphen, and a
/// one-word mention never named in full.
const STORY: &str = "# begin document GUM_news_invented
0\tU.K.\t(person-1(place-2-United_Kingdom)
1\tHome\t_
2\tSecretary\t_
3\tMarta\t_
4\tVelkova\t_
5\t's\tperson-1)
6\tvisit\t_
7\tto\t_
8\tLeeds\t(place-3-Leeds)
9\t.\t_
10\tVelkova\t(person-1)
11\tmet\t_
12\tSouth\t(person-4(place-5
13\tYorkshire\tplace-5)
14\tcoach\t_
15\tOdhran\t_
16\tNi\t_
17\tBhriain\tperson-4)
18\tand\t_
19\tthe\t(person-6
20\tRohingya\tperson-6)
21\t.\t_
22\tVelkova\t(person-7(person-1
23\t's\tperson-1)
24\tfather\tperson-7)
25\tand\t_
26\tthe\t(person-8
27\tMinister\t_
28\tof\t_
29\tHealth\tperson-8)
30\tand\t_
31\tKim\t(person-9
32\tSo\t_
33\t-\t_
34\tyeon\tperson-9)
35\tand\t_
36\tMarigold\t(person-10)
37\tspoke\t_
38\t.\t_
# end document
";

#[test]
fn news_names_are_person_mentions_without_titles_places_groups_or_roles() {
    assert_eq!(
        names(STORY),
        [
            "Marta Velkova",
            "Velkova",
            "Odhran Ni Bhriain",
            "Velkova",
            "Kim So - yeon"
        ]
    );
}

#[test]
fn news_text_is_the_tokens_joined_by_spaces() {
    let documents = parse_gum(STORY).unwrap();
    assert!(
        documents[0]
            .text
            .starts_with("U.K. Home Secretary Marta Velkova 's visit to Leeds . Velkova met")
    );
}

#[test]
fn news_reads_gum_lines_and_copies_without_the_index_column() {
    let gum =
        "# begin document d\n0\tJo\t(person-1\n1\tPerrin\tperson-1)\n2\t#\t_\n# end document\n";
    let copy = "# begin document d\nJo\t(person-1\nPerrin\tperson-1)\n#\n# end document\n";
    assert_eq!(names(gum), ["Jo Perrin"]);
    assert_eq!(names(copy), ["Jo Perrin"]);
    // The token "#" is no comment.
    assert_eq!(parse_gum(copy).unwrap()[0].text, "Jo Perrin #");
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.conll"), gum).unwrap();
    std::fs::write(dir.path().join("b.conll"), copy).unwrap();
    std::fs::write(dir.path().join("notes.txt"), "not read").unwrap();
    assert_eq!(read_gum(dir.path()).unwrap().len(), 2);
}

#[test]
fn news_unbalanced_marks_are_errors_naming_the_line() {
    let error = parse_gum("# begin document d\nJo\tperson-1)\n# end document\n").unwrap_err();
    assert!(
        error.contains("line 2") && error.contains("never opened"),
        "{error}"
    );
    let error = parse_gum("# begin document d\nJo\t(person-1\n# end document\n").unwrap_err();
    assert!(error.contains("never closed"), "{error}");
    let error = parse_gum("# begin document d\nJo\t(person\n# end document\n").unwrap_err();
    assert!(error.contains("mark"), "{error}");
}

#[test]
fn news_a_title_makes_one_word_a_surname_and_a_description_is_no_name() {
    let source = "# begin document d
Mr.\t(person-1
Quist\tperson-1)
met
Ada\t(person-2
Lind\tperson-2)
.
Lind\t(person-2)
,
a\t(person-2
Nobel\t_
Prize\t_
-\t_
winner\tperson-2)
,
spoke
.
# end document
";
    assert_eq!(names(source), ["Quist", "Ada Lind", "Lind"]);
}
