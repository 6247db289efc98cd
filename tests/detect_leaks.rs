//! The name and identifier forms that leaked, and the words that were over-redacted, when
//! sarpack was tried on text written by other people (issue 14; issue 11 point 4). Each leak
//! form must be covered, every letter and digit, by findings that redact (or held for review,
//! which also redacts); each over-redaction example must be left alone. Case-note-like
//! sentences, one form each, named in the table; this is the regression corpus beside the
//! generated one (tests/corpus), scored the same way (letters and digits covered).
//!
//! Forms not yet found are listed in `KNOWN_GAPS` with the reason, and printed; the test fails
//! if one of them starts to pass (so the list stays true) or any other form fails.

use std::sync::OnceLock;

use jiff::civil::date;
use sarpack::detect::{Detector, consolidate, is_redacted};
use sarpack::model::{Category, Finding, Item, Register, Request};

#[path = "common/detect.rs"]
mod common;
use common::{case_note, patterns, person};

fn request() -> Request {
    let mut request = common::request();
    request.subject.person_id = "P001".to_string();
    request.subject.name = "Kayleigh Dobson".to_string();
    request.subject.aliases = vec!["Kayls".to_string()];
    request.subject.ids = vec!["MOS-747403".to_string()];
    request
}

fn register() -> Register {
    let subject = person("P001", "Kayleigh Dobson", &[], "subject", Category::Subject);
    let mut mother = person("P002", "Tracey Dobson", &[], "mother", Category::ThirdParty);
    mother.phone = "07700 900123".to_string();
    let warren = person(
        "P003",
        "Warren Hughes",
        &["Waz"],
        "mum's ex-partner",
        Category::ThirdParty,
    );
    let mut aunt = person(
        "P004",
        "Zofia Nowak",
        &["Auntie Zosia"],
        "maternal aunt",
        Category::ThirdParty,
    );
    aunt.phone = "+48 601 234 567".to_string();
    aunt.address = "Rose Cottage, Mill Lane, Leeds LS6 2AB".to_string();
    aunt.dob = Some(date(1985, 5, 3));
    let mut wayne = person(
        "P005",
        "Wayne Pollard",
        &[],
        "neighbour",
        Category::ThirdParty,
    );
    wayne.address = "12 Kestrel Court, Leeds LS6 1AA".to_string();
    let tomasz = person(
        "P006",
        "Tomasz Dąbek",
        &[],
        "family friend",
        Category::ThirdParty,
    );
    let worker = person(
        "P007",
        "Priya Sharma",
        &[],
        "social worker",
        Category::Professional,
    );
    Register {
        people: vec![subject, mother, warren, aunt, wayne, tomasz, worker],
    }
}

fn detector() -> &'static Detector {
    static DETECTOR: OnceLock<Detector> = OnceLock::new();
    DETECTOR.get_or_init(|| Detector::new(&request(), &register(), patterns()).unwrap())
}

/// Findings for one record, with consolidation over the record alone (as the pipeline does over
/// the pack).
fn findings(text: &str) -> Vec<Finding> {
    findings_across(&[text]).pop().unwrap_or_default()
}

/// Each text's findings when the texts are the records of one store, consolidated across them.
fn findings_across(texts: &[&str]) -> Vec<Vec<Finding>> {
    let items: Vec<Item> = texts
        .iter()
        .enumerate()
        .map(|(row, text)| case_note(&format!("leak-{row}"), text))
        .collect();
    let mut all: Vec<Vec<Finding>> = texts.iter().map(|text| detector().find(text)).collect();
    consolidate(&mut all, &items, detector());
    all
}

/// Whether every letter and digit of `wanted` (its first occurrence) is under a redacting finding.
fn covered(text: &str, wanted: &str, found: &[Finding]) -> bool {
    let Some(start) = text.find(wanted) else {
        return false;
    };
    wanted
        .char_indices()
        .filter(|(_, c)| c.is_alphanumeric())
        .all(|(offset, _)| {
            let at = start + offset;
            found
                .iter()
                .any(|f| is_redacted(f) && f.span.start <= at && at < f.span.end)
        })
}

/// Forms not found yet, with why: the test prints them and fails if one starts to pass.
const KNOWN_GAPS: &[(&str, &str)] = &[];

/// The premise of a spreading test: `wanted` is not found in `text` alone, so finding it across
/// records tests consolidation.
fn assert_not_found_alone(text: &str, wanted: &str) {
    let alone = findings(text);
    assert!(
        !covered(text, wanted, &alone),
        "found in its record alone, so this does not test the spreading: {alone:?}"
    );
}

/// `wanted` is redacted among a record's `found` findings; the failure lists what was found.
fn assert_covered(text: &str, wanted: &str, found: &[Finding]) {
    assert!(
        covered(text, wanted, found),
        "`{wanted}` not redacted in {text:?}: {:?}",
        found
            .iter()
            .map(|f| format!("{} {}", f.text, f.rule))
            .collect::<Vec<_>>()
    );
}

#[test]
fn every_form_that_leaked_is_redacted() {
    let cases: &[(&str, &str, &str)] = &[
        // Surnames alone and in list layouts.
        (
            "surname after a title",
            "Mr Havel had been drinking.",
            "Mr Havel",
        ),
        (
            "surname alone at a sentence start",
            "Havel had been drinking again.",
            "Havel",
        ),
        (
            "surname alone with a verb after it",
            "Hargreaves rang the office twice.",
            "Hargreaves",
        ),
        (
            "plural surname, unregistered",
            "Kayleigh stayed with the Kowalskis at the weekend.",
            "Kowalskis",
        ),
        (
            "plural surname, registered",
            "Kayleigh went to the Nowaks for tea.",
            "Nowaks",
        ),
        (
            "SURNAME, Forename in a list",
            "Attendees: SMITH, John; Dunton, Heather",
            "SMITH, John",
        ),
        (
            "Surname, Forename in a list",
            "Attendees: SMITH, John; Dunton, Heather",
            "Dunton, Heather",
        ),
        // Email headers as Enron's were written (issue 14's email set): the forename alone was
        // found, the surname shipped.
        (
            "Surname, Forename in an email header, forename known",
            "To: Dronet, David; Bagot, Nancy",
            "Dronet, David",
        ),
        (
            "Surname, Forename as a quoted display name",
            "From: \"Davis, Dana\" <d.davis@example.com>",
            "Davis, Dana",
        ),
        (
            "Surname, Forename with a middle initial",
            "Cc: Adams, Jacqueline P.; Mendel, Shelly",
            "Adams, Jacqueline P.",
        ),
        (
            "Surname, Forename whose surname is a word, in a header",
            "Cc: Stock, Steve",
            "Stock, Steve",
        ),
        (
            "Surname, Forename whose surname is a country, in a header",
            "X-To: Germany, Chris",
            "Germany, Chris",
        ),
        (
            "Surname, Forename in a header, a forename the lists do not hold",
            "To: Threlfall, Oriel; Brennan, Siobhan",
            "Threlfall, Oriel",
        ),
        (
            "Surname, initials in a header",
            "Cc: Ashworth, JD; Patel, Nisha",
            "Ashworth, JD",
        ),
        (
            "Surname with a generation, Forename, in a header",
            "From: Pickering Jr., Gareth",
            "Pickering Jr., Gareth",
        ),
        (
            "Surname, two forenames in a header",
            "To: Hollis, Mary Beth, Pickering, Gareth",
            "Hollis, Mary Beth",
        ),
        (
            "middle initial",
            "Kayleigh said David A. Foti shouted at her.",
            "David A. Foti",
        ),
        // Full names the lists do not hold.
        (
            "after a verb",
            "Met Kornelia Mazur in town.",
            "Kornelia Mazur",
        ),
        (
            "list item",
            "Present:\n6. Alexandre Mikhailov\n7. Priya Sharma",
            "Alexandre Mikhailov",
        ),
        (
            "ALL CAPS",
            "NEIGHBOUR JOANNE PRITCHARD RANG ABOUT NOISE",
            "JOANNE PRITCHARD",
        ),
        (
            "forename missing from the lists",
            "Nevaeh came round after school.",
            "Nevaeh",
        ),
        // Issue 14's news set: a forename that is also a word before a surname the lists miss,
        // and given names joined by a hyphen.
        (
            "a forename that is a word before an unknown surname",
            "The photo was taken by Nick Moreau at the centre.",
            "Nick Moreau",
        ),
        (
            "a Cantonese name, given name hyphenated",
            "Kayleigh's childminder Lee Cheuk-yan collected her.",
            "Lee Cheuk-yan",
        ),
        (
            "a Korean name, given name hyphenated",
            "She met Park Joo-Ho at the youth club.",
            "Park Joo-Ho",
        ),
        (
            "Welsh forename missing from the lists",
            "Kayleigh said Gwenllian was at the door.",
            "Gwenllian",
        ),
        (
            "Somali forename missing from the lists",
            "Xamse said he would come back later.",
            "Xamse",
        ),
        (
            "Polish diminutive missing from the lists",
            "Kayleigh is friends with Bartek from school.",
            "Bartek",
        ),
        (
            "lower-case unknown forename in a message",
            "kornelia said shes coming round later",
            "kornelia",
        ),
        (
            "possessive of an unknown forename",
            "Kayleigh said Kornelia's mum shouted at her.",
            "Kornelia",
        ),
        (
            "lower case in a message",
            "can jaxon come round tonight",
            "jaxon",
        ),
        (
            "a lower-case forename that is also a word, before a verb of saying",
            "mum said shannon told her to go home",
            "shannon",
        ),
        (
            "an initial in brackets after a relationship",
            "Mum's boyfriend (T) shouted at Kayleigh.",
            "T",
        ),
        (
            "an initial in quotes after a relationship label",
            "Alleged perpetrator: 'K'.",
            "K",
        ),
        (
            "an initial in quotes after 'her mate'",
            "Kayleigh said her mate 'T' had hit her.",
            "T",
        ),
        (
            "a nickname after 'her mate'",
            "Kayleigh went out with her mate Jonno.",
            "Jonno",
        ),
        (
            "a lower-case forename that is also a word, after a verb done to a person",
            "i will tell shannon tomorrow",
            "shannon",
        ),
        (
            "a lower-case given name only the longer list holds, after a verb done to a person",
            "i told dawid to go home",
            "dawid",
        ),
        (
            "ordinary-word name at a sentence start",
            "Rose told me she was scared.",
            "Rose",
        ),
        (
            "hyphenated forename",
            "Kayleigh met Jean-Luc Moreau at the park.",
            "Jean-Luc Moreau",
        ),
        (
            "hyphenated forename alone",
            "Lee-Anne was there when Kayleigh got home.",
            "Lee-Anne",
        ),
        (
            "hyphenated forename whose second part only the longer list holds",
            "Kayleigh said Jean-Luc was there too.",
            "Jean-Luc",
        ),
        (
            "another young person marked YP in a list of those present",
            "Present: Rose (YP), Mr Duffy (stepfather).",
            "Rose",
        ),
        (
            "a given name only the longer list holds, before a verb people do",
            "Kayleigh said that Kian had hit her.",
            "Kian",
        ),
        (
            "a nickname in quotes after a relationship label",
            "Alleged perpetrator: 'Jonno'.",
            "Jonno",
        ),
        (
            "family title",
            "Kayleigh stayed with Uncle Gaz at the weekend.",
            "Gaz",
        ),
        (
            "family title",
            "Aunty Bev collected her from school.",
            "Bev",
        ),
        (
            "family title before a forename that is also a word",
            "Kayleigh said Aunty Grace is nice.",
            "Grace",
        ),
        (
            "family title before a short word no name list holds",
            "Kayleigh stayed with Uncle Mo at the weekend.",
            "Mo",
        ),
        (
            "an unknown word right after a verb done to a person",
            "Kayleigh met Dawid from the youth club.",
            "Dawid",
        ),
        (
            "a nickname after a relationship in a line written in capitals",
            "MUM'S BOYFRIEND DAZ WAS THERE WHEN KAYLEIGH GOT HOME",
            "DAZ",
        ),
        (
            "a title before an initial",
            "Kayleigh's nan, Mrs P, visited on Sunday.",
            "Mrs P",
        ),
        (
            "a title and an initial before a surname",
            "Referrer: Mrs J Bloggs (neighbour).",
            "Mrs J Bloggs",
        ),
        ("a nickname after a label", "Known as: Bubba", "Bubba"),
        (
            "a nickname signing a message off",
            "Kayleigh, ring me when you can.\nKind regards, Baz",
            "Baz",
        ),
        (
            "a nickname signing a message off, with kisses",
            "Thanks, Shaz xx",
            "Shaz",
        ),
        (
            "a title before a dotted initial",
            "Mr K. came round after school.",
            "Mr K",
        ),
        (
            "nickname",
            "Kayleigh is frightened of Big Dave.",
            "Big Dave",
        ),
        (
            "a relationship before a forename that is also a bank",
            "Her brother Chase has opened a bank account.",
            "Chase",
        ),
        (
            "name next to a job title, after a relationship",
            "She told mum's best friend Debbie Lowe, teaching assistant, about it.",
            "Debbie Lowe",
        ),
        (
            "field label then a GP line",
            "Landlord: Marek Kowalczyk\nGP: Dr Shah",
            "Marek Kowalczyk",
        ),
        (
            "place-word surname",
            "Jack Lane rang the office twice.",
            "Jack Lane",
        ),
        (
            "place-word possessive",
            "Dean Street's sister was there.",
            "Dean Street",
        ),
        // Invisible characters inside names.
        (
            "soft hyphen",
            "Met Kor\u{AD}nelia Mazur in town.",
            "Kor\u{AD}nelia Mazur",
        ),
        (
            "zero-width space",
            "Tracey Dob\u{200B}son phoned.",
            "Tracey Dob\u{200B}son",
        ),
        (
            "no-break space",
            "Tracey\u{A0}Dobson phoned.",
            "Tracey\u{A0}Dobson",
        ),
        // Register people in forms the register does not list.
        ("diminutive", "Kayleigh said Trace was shouting.", "Trace"),
        ("alias variant", "Kayleigh said Wazza came round.", "Wazza"),
        (
            "alias without the family word",
            "She wants to live with Zosia.",
            "Zosia",
        ),
        (
            "near-misspelling",
            "Kayleigh said Wayn was at the door.",
            "Wayn",
        ),
        ("dotted initials", "T.D. was present at the visit.", "T.D."),
        (
            "date of birth in words",
            "Zofia was born on the third of May 1985.",
            "third of May 1985",
        ),
        (
            "date of birth, short year",
            "Zofia (3rd May '85) attended.",
            "3rd May '85",
        ),
        (
            "house-name address",
            "She lives at Rose Cottage, Mill Lane.",
            "Rose Cottage, Mill Lane",
        ),
        // Identifiers.
        (
            "phone with dots",
            "Call 07700.900.456 after six.",
            "07700.900.456",
        ),
        (
            "phone with spaced dashes",
            "Call 07700 - 900 - 456 after six.",
            "07700 - 900 - 456",
        ),
        (
            "Irish number",
            "Dad's number is +353 87 123 4567.",
            "+353 87 123 4567",
        ),
        (
            "Polish number",
            "Aunt on +48 601 234 567.",
            "+48 601 234 567",
        ),
        (
            "registered Polish number in its local layout",
            "Auntie rang from 601 234 567 last night.",
            "601 234 567",
        ),
        (
            "registered Polish number in its local layout, dashes",
            "Her number is 601-234-567.",
            "601-234-567",
        ),
        (
            "name in Arabic script beside its transliteration",
            "Visitor: محمد الأحمد (Mohammed Al-Ahmad) came to the door.",
            "محمد الأحمد",
        ),
        (
            "name in Cyrillic script beside its transliteration",
            "Visitor: Александр Михайлов (Alexander Mikhailov) came to the door.",
            "Александр Михайлов",
        ),
        (
            "name in Greek script beside its transliteration",
            "Visitor: Γιώργος Παπαδόπουλος (Giorgos Papadopoulos) came to the door.",
            "Γιώργος Παπαδόπουλος",
        ),
        (
            "name in Chinese script beside its transliteration",
            "Visitor: 王伟 (Wang Wei) came to the door.",
            "王伟",
        ),
        (
            "name in Devanagari script beside its transliteration",
            "Visitor: प्रिया वर्मा (Priya Verma) came to the door.",
            "प्रिया वर्मा",
        ),
        (
            "unknown name before a home word, in a text message",
            "Text: \"im at Nicuță's house dont tell mum\".",
            "Nicuță",
        ),
        (
            "lower-case surname after a lower-case forename",
            "she said she met amelia mazurek in town",
            "amelia mazurek",
        ),
        // The model found the forename; the lower-case surname after it shipped until model
        // names took the rest of a name as the rules' names do.
        (
            "lower-case surname after a name only the model found",
            "me and Tayshaun brierley went town",
            "Tayshaun brierley",
        ),
        (
            "lower-case surname after a name only the model found, after with",
            "shes with Ellisha crabtree again",
            "Ellisha crabtree",
        ),
        (
            "obfuscated email",
            "Email gaz.t at yahoo dot co dot uk for photos.",
            "gaz.t at yahoo dot co dot uk",
        ),
        (
            "obfuscated email (at)",
            "Write to bev(at)gmail(dot)com.",
            "bev(at)gmail(dot)com",
        ),
        (
            "apostrophe email",
            "From siobhan.o'brien@example.ie yesterday.",
            "siobhan.o'brien@example.ie",
        ),
        (
            "social-media handle",
            "He messages her as @big_gaz_77 on Snapchat.",
            "@big_gaz_77",
        ),
        (
            "obfuscated email with a dot written out in its user part",
            "Email gaz dot tomlin at yahoo dot co dot uk for photos.",
            "gaz dot tomlin at yahoo dot co dot uk",
        ),
        (
            "social-media handle written without its @",
            "Her ex uses big_gaz_77 to message her.",
            "big_gaz_77",
        ),
        (
            "social-media handle without its @ or a digit, beside the platform",
            "She added gaz_tomlin on Snapchat last week.",
            "gaz_tomlin",
        ),
        (
            "a flat in a named building, with no house number",
            "Her boyfriend lives at Flat 6, Mill House, Mill Lane now.",
            "Flat 6, Mill House, Mill Lane",
        ),
        (
            "a named house on a street",
            "The family friend lives at Rose Cottage, Moor Lane, near school.",
            "Rose Cottage, Moor Lane",
        ),
        (
            "vehicle registration",
            "A silver Corsa KX63 WPL was parked outside.",
            "KX63 WPL",
        ),
        // Names a phrase introduces as names (issue 14, the synthetic PII set).
        (
            "a name after 'my name is'",
            "The caller said: my name is Oyelaran and I live next door.",
            "Oyelaran",
        ),
        (
            "a name in a form field",
            "Visitor log\nName: Dariusz P. Wrzesniak\nTime in: 14:10",
            "Dariusz P. Wrzesniak",
        ),
        (
            "a name answering a question",
            "Duty call. What is your name? Ilinca Vasilescu",
            "Ilinca Vasilescu",
        ),
        (
            "a maiden name",
            "Mum confirmed that her maiden name is Szczepanik.",
            "Szczepanik",
        ),
        (
            "a name after 'known as'",
            "The man at the flat is known as Tazz locally.",
            "Tazz",
        ),
        (
            "a name after a greeting",
            "Hi Aurelija, can you ring me about Friday?",
            "Aurelija",
        ),
        (
            "a title in lower case",
            "she asked to speak to ms. Adebowale about the rent",
            "Adebowale",
        ),
        // Family words as titles in messages, and a month as a given name (session 16).
        (
            "a name after a family word in lower case, the name also a word",
            "ring aunty carol she knows",
            "carol",
        ),
        (
            "a short name no list holds after a family word in lower case, possessive",
            "we went to uncle gaz's after school",
            "gaz",
        ),
        (
            "a given name that is also a month after a family title",
            "Aunty May came to the contact session.",
            "May",
        ),
        (
            "an initial in quotes after a possessive and 'mate'",
            "Kayleigh's mate 'T' was at the park.",
            "T",
        ),
        (
            "a name after a possessive and 'mate'",
            "Kayleigh's mate Vrenna came round.",
            "Vrenna",
        ),
        (
            "a lone unknown name listed with the subject",
            "Kayleigh and Tiegan were excluded.",
            "Tiegan",
        ),
        (
            "a lone unknown name listed with the writer",
            "me and Tiegan got drunk",
            "Tiegan",
        ),
        (
            "a nickname after 'known locally as'",
            "The child's father, known locally as Spider, visited.",
            "Spider",
        ),
        (
            "a nickname after 'goes by'",
            "He goes by Tazz on the estate.",
            "Tazz",
        ),
        (
            "a name after 'calls herself'",
            "she calls herself Roxy now",
            "Roxy",
        ),
        (
            "a lone unknown name before a verb a person does, at a sentence start",
            "Tiegan got drunk at the party.",
            "Tiegan",
        ),
        (
            "a name after 'a girl called'",
            "Kayleigh mentioned a girl called Tiegan from the estate.",
            "Tiegan",
        ),
        (
            "initials in lower case after a relationship",
            "Kayleigh's boyfriend tj hit her again",
            "tj",
        ),
        (
            "a short name no list holds in lower case after a relationship",
            "my brother kez came round",
            "kez",
        ),
        (
            "a possessive for the place someone stayed",
            "Kayleigh stayed over at Tiegan's.",
            "Tiegan",
        ),
        (
            "a possessive after 'round', before a time",
            "She went round Kez's after school.",
            "Kez",
        ),
        (
            "a surname in capitals before a register person's given name, in a list",
            "Attendees: BARKER, Tracey; Priya Sharma (SW)",
            "BARKER",
        ),
        (
            "a professional's surname before a register person's given name, in a list",
            "Attendees: SHARMA, Tracey; Priya Sharma (SW)",
            "SHARMA",
        ),
        (
            "a lone unknown name in lower case listed with the writer",
            "me n tiegan went out",
            "tiegan",
        ),
        (
            "a name set off by commas after a relationship and a phrase of place",
            "Her friend from school, Precious, rang.",
            "Precious",
        ),
        (
            "a name set off by commas after a word for a person",
            "Kayleigh said the older lad, Deano, had a car.",
            "Deano",
        ),
        (
            "what someone is called, after 'who ... calls'",
            "Mum's new partner, who Kayleigh calls Smithy, was at the home.",
            "Smithy",
        ),
        (
            "what someone is called, after 'calls him'",
            "Everyone calls him Smithy.",
            "Smithy",
        ),
        (
            "what someone is known as, after 'knows as'",
            "Kayleigh said her dealer, a man she knows as Smokey, gave her weed.",
            "Smokey",
        ),
        (
            "a nickname in quotes after 'known as'",
            "Kayleigh's peer, known as 'Shorty', was also there.",
            "Shorty",
        ),
        (
            "a name after 'believed to be'",
            "Kayleigh was picked up by a man in a blue car, believed to be Dex.",
            "Dex",
        ),
        (
            "a nickname in quotes",
            "Kayleigh's phone showed messages from 'Kingy'.",
            "Kingy",
        ),
        (
            "a name followed by an age in brackets",
            "Kez (16) was also present.",
            "Kez",
        ),
        (
            "a name followed by ', aged'",
            "Tayo, aged 14, was there.",
            "Tayo",
        ),
        (
            "a lower-case possessive after 'round'",
            "she went round kez's after school",
            "kez",
        ),
        (
            "a lower-case possessive before a home word",
            "we was at tiegan's house last night",
            "tiegan",
        ),
        (
            "the speaker of a chat export's line, after its time",
            "[14:02] Tiegan: u coming?\n[14:03] Kayleigh: yeh",
            "Tiegan",
        ),
        (
            "the speaker of a message transcript's line",
            "Tiegan: u coming?\nKayleigh: yeh",
            "Tiegan",
        ),
        (
            "a short given name in lower case after a family word",
            "uncle mo came round last night",
            "mo",
        ),
        (
            "a nationality that is a surname, in capitals after a given name",
            "Suspect 1: Connor WELSH (17)",
            "WELSH",
        ),
        (
            "a title word that is a surname, after a given name",
            "Witness: Maisie Lord, aged 15.",
            "Lord",
        ),
        (
            "a name after a best friend word in quotes",
            "Kayleigh says her 'bestie' Maz is moving away.",
            "Maz",
        ),
        (
            "a lower-case name after text speak for a brother",
            "tell ur bro tj 2 stop messaging me",
            "tj",
        ),
        (
            "a lower-case name after text speak for a boyfriend",
            "wiv tia n her bf jordz",
            "jordz",
        ),
        (
            "a short name before a relationship in brackets",
            "Lil (sister) came to the review.",
            "Lil",
        ),
        (
            "a handle with dots after its @",
            "his Insta is @kyle.b99 and he messages her daily",
            "@kyle.b99",
        ),
        (
            "a handle of words joined by dots beside a social-media word",
            "Kyle's TikTok: kyle.b.99",
            "kyle.b.99",
        ),
        (
            "a Police National Computer id",
            "PNC ID 10/123456A is held for him.",
            "10/123456A",
        ),
        (
            "an email address with the underscore written out",
            "his email is kyle underscore b at gmail dot com",
            "kyle underscore b at gmail dot com",
        ),
        (
            "a labelled date of birth after 'is'",
            "His date of birth is 1st Feb 2003.",
            "1st Feb 2003",
        ),
        (
            "a surname before a word for a family",
            "PCSO Khan spoke with the Hussain family next door.",
            "Hussain",
        ),
        (
            "a surname that is also a word before a word for a family",
            "the Smith twins were there",
            "Smith",
        ),
        (
            "a surname in capitals that is a word, after a register given name",
            "Found at the address of a known adult male (Warren HOPE, 34).",
            "HOPE",
        ),
        (
            "a surname in capitals that is a word, after a known given name",
            "Mum said Kyle HOPE is bad news.",
            "HOPE",
        ),
        (
            "a relative's name beside a pet word later in the sentence",
            "Her brother Max has a dog.",
            "Max",
        ),
        (
            "the speaker of a transcript's line, in lower case",
            "kayleigh: where r u\nkez: at bens",
            "kez",
        ),
        (
            "a given name that is also a month, before a surname found",
            "April Jones rang the office.",
            "April",
        ),
        (
            "a given name written as a month's short form, before a surname found",
            "Spoke to Jan Brewer about the rent.",
            "Jan",
        ),
        (
            "a month's short form as a given name, before a surname and a role",
            "Meeting with Jan Kowalczyk, landlord.",
            "Jan",
        ),
        (
            "a surname that is also a month, after a given name found",
            "Jade met Tiegan May at school on 3 May 2019.",
            "Tiegan May",
        ),
        (
            "a surname that is a month, after a given name, in capitals",
            "MAY JONES RANG",
            "MAY",
        ),
        (
            "a surname written as its initial, after a given name",
            "Mum said Kyle R was there.",
            "R",
        ),
        (
            "a surname after the, before a word for a family in title case",
            "Police were called to the Hussain Family next door.",
            "Hussain",
        ),
        (
            "a known given name in lower case before said, in text speak",
            "tia said she wud batter me",
            "tia",
        ),
        (
            "a word that is no word, joined by n to a name found in lower case",
            "kez n tia came round",
            "kez",
        ),
        (
            "a short given name in quotes",
            "Her mates 'Dex' and 'Mo' came round.",
            "Mo",
        ),
        (
            "a name after a relationship and is",
            "Her best friend is Amira",
            "Amira",
        ),
        (
            "a name no list holds, after saw",
            "We saw Kez today.",
            "Kez",
        ),
        (
            "a name no list holds, after a birthday wish",
            "Happy birthday Kez!",
            "Kez",
        ),
        (
            "a name in lower case, after a birthday wish",
            "happy bday kez x",
            "kez",
        ),
        (
            "a given name that is a word, then is and a relationship",
            "Will is her brother.",
            "Will",
        ),
        (
            "a given name that is a verb and a surname that is a month, then is and a relationship",
            "Mark May is her uncle.",
            "Mark May",
        ),
        (
            "a full name of place words, then is and a relationship",
            "Dean Street is her cousin.",
            "Dean Street",
        ),
        (
            "a surname in lower case after a title in lower case",
            "ms kowalski said jade was late",
            "kowalski",
        ),
        (
            "a possessive for the place someone stayed, before all weekend",
            "Mum reports Jade was at Bailey's all weekend",
            "Bailey",
        ),
        (
            "surnames written as initials, in a list of given names",
            "Deborah L and Patricia M attended.",
            "Patricia M",
        ),
        (
            "a title glued to a surname in lower case by its dot",
            "jade says mrs.tassom was kind to her",
            "tassom",
        ),
        (
            "a title glued to a surname by its dot",
            "Jade said Mrs.Tassom rang her.",
            "Tassom",
        ),
        (
            "a surname that is a title, after a register given name",
            "Tracey Judge said no to contact.",
            "Judge",
        ),
        (
            "a surname in capitals after a register given name in capitals",
            "TRACEY JUDGE RANG THE OFFICE",
            "JUDGE",
        ),
        (
            "a nickname that is a word, after words for a person and named ... as",
            "Kayleigh named the older male as Smithy.",
            "Smithy",
        ),
        (
            "a nickname in quotes after a pronoun and calls",
            "The boy she calls 'Tank' is 17.",
            "Tank",
        ),
        (
            "a capitalised word that is no word, after scared of",
            "Kayleigh says she is scared of Dex.",
            "Dex",
        ),
        (
            "a possessive without its apostrophe for the place someone lives, in lower case",
            "kayleigh said shes going to kyles",
            "kyles",
        ),
        (
            "a surname before a word for the family in title case",
            "Kayleigh stayed with the Smith Twins.",
            "Smith",
        ),
        (
            "a surname before Household in title case",
            "Visit to the Nowak Household.",
            "Nowak",
        ),
        (
            "a known given name in lower case in text speak",
            "[18:03] Kez: at kyles wiv tia\n[18:05] Kayleigh: ok cu l8r",
            "tia",
        ),
        (
            "a plural surname that is an English word, after with the",
            "Kayleigh is staying with the Smiths this week.",
            "Smiths",
        ),
        (
            "a plural surname that is an English word, before next door",
            "The Khans next door called the police.",
            "Khans",
        ),
        (
            "a given name in lower case before a saying verb in text speak",
            "tia sed shes gunna batter me",
            "tia",
        ),
        (
            "a user name without its @, near social media",
            "Kayleigh's social media shows her with 'Deano_x'.",
            "Deano_x",
        ),
        (
            "a given name after a relationship, a phrase of place and a comma",
            "Her friend at school, Becky, rang.",
            "Becky",
        ),
        (
            "a street name of ordinary words in quotes",
            "Kayleigh reported that 'Big Man' and 'Little Man' had threatened her.",
            "Little Man",
        ),
        (
            "a possessive without its apostrophe after a transcript's speaker",
            "[18:03] Kez: at kyles wiv tia\n[18:05] Kayleigh: ok cu l8r",
            "kyles",
        ),
        (
            "a professional's first name with someone else's middle initial and surname",
            "Kayleigh said Priya A. Foti shouted at her.",
            "Priya A. Foti",
        ),
        (
            "lower-case names listed after the subject's first name and said",
            "kayleigh said kornelia n jaxon were there",
            "kornelia",
        ),
        (
            "the second of lower-case names listed after the subject's first name and said",
            "kayleigh said kornelia n jaxon were there",
            "jaxon",
        ),
        (
            "a capitalised possessive without its apostrophe after a verb of going",
            "Kayleigh went to Shannons after school and didn't come home till 11.",
            "Shannons",
        ),
        (
            "a possessive without its apostrophe before a home word, a name no list holds",
            "She was at Tiegans house all weekend.",
            "Tiegans",
        ),
        (
            "initials in capitals right after a relationship",
            "Kayleigh said she misses her little brother TJ.",
            "TJ",
        ),
        (
            "a nickname in quotes, a word of size and an initial",
            "Kayleigh said 'Big J' gave her a phone.",
            "Big J",
        ),
        (
            "a nickname in quotes opening with a short given name",
            "Her contacts included \"Kezza\" and \"Mo Money\".",
            "Mo Money",
        ),
        (
            "a given name of the longer list after rang",
            "Kayleigh rang Keeva last night.",
            "Keeva",
        ),
        (
            "a chat export's speaker after a time in brackets, the lines run together",
            "WhatsApp export: [12/03/2021, 21:14] Kayleigh: where r u; [12/03/2021, 21:15] Deano: outside ur nans",
            "Deano",
        ),
        (
            "a word set off by commas after a person word, what she is called",
            "Kayleigh disclosed that the older girl, Princess, had taken her phone.",
            "Princess",
        ),
        (
            "the sender of a quoted message",
            "Message from Tiegan: u ok hun",
            "Tiegan",
        ),
        (
            "the sender of a quoted message, an emoji before the colon",
            "Text from Kez\u{2764}\u{fe0f}: where r u",
            "Kez",
        ),
        // Session 21: surnames that open with a particle, after a title.
        (
            "a title, then a surname with particles in lower case",
            "Kayleigh said Mr van der Berg next door shouts at her mum.",
            "Mr van der Berg",
        ),
        (
            "a title, then a surname whose particle is joined by a hyphen",
            "Kayleigh said Mr al-Hassan shouts at her mum.",
            "Mr al-Hassan",
        ),
        (
            "a title, then a particle and a word that is English too",
            "Kayleigh said Mr Van Dyke shouts at her mum.",
            "Mr Van Dyke",
        ),
        (
            "a title, then a surname that opens with St",
            "Kayleigh said Mr St John shouts at her mum.",
            "Mr St John",
        ),
        (
            "a forename, then a surname joined to its particle",
            "Kayleigh was picked up by Rami al-Saadani.",
            "Rami al-Saadani",
        ),
        (
            "dotted initials after a relationship and a comma",
            "Kayleigh's peer, K.L., was also present.",
            "K.L",
        ),
        (
            "dotted initials after a relationship",
            "Her boyfriend T.J.M. has a car.",
            "T.J.M",
        ),
        (
            "a title before dotted initials",
            "Mrs K.L. rang the office.",
            "Mrs K.L",
        ),
        (
            "a short form of a name, two letters",
            "Kayleigh said Mo was there last night.",
            "Mo",
        ),
        (
            "a short form of a name in lower case in a message",
            "[14:03] kayleigh: gaz sed hes pickin us up",
            "gaz",
        ),
        (
            "given names listed with a name found",
            "Kayleigh said Zak, Zac and Zack are all different boys.",
            "Zac",
        ),
        (
            "a surname's initial before a bracket",
            "Kayleigh named him as Connor J (surname unknown).",
            "Connor J",
        ),
        (
            "a register surname that ends a double-barrelled name",
            "Priya spoke to Mrs. Pemberton-Hughes (neighbour) about the noise.",
            "Pemberton-Hughes",
        ),
        (
            "a name before whose relative it is, in brackets",
            "Thanks, Bev (Kayleigh's aunt) 07700 900555",
            "Bev",
        ),
        (
            "a name before `her` and a relationship, in brackets",
            "Kayleigh said Bev (her aunt) rang.",
            "Bev",
        ),
        (
            "a surname in capitals after a title and an initial, in a line in capitals",
            "INFORMANT: MRS P. HALL (NEIGHBOUR).",
            "MRS P. HALL",
        ),
        (
            "a user name of letters and digits after a social-media word",
            "Kayleigh's friend's Instagram is private but her Snapchat is kaceyb2009.",
            "kaceyb2009",
        ),
        (
            "a full name after a verb of saying, in a line in capitals",
            "KAYLEIGH SAID DAVID A FOTI HIT HER",
            "DAVID A FOTI",
        ),
        (
            "a surname's initial before a closing quote",
            "Kayleigh said she met an older man, \"Ricky D\", at the bus station.",
            "Ricky D",
        ),
        (
            "a name no list knows in brackets after a relationship",
            "Present: Sharon (mother), Grandad (Mick).",
            "Mick",
        ),
        (
            "a nickname that is a word, after `is called`, in quotes",
            "Kayleigh told me her dealer is called \"Snowy\" and lives on the estate.",
            "Snowy",
        ),
        (
            "a nickname that is a word, after `is called`",
            "Kayleigh told me her dealer is called Snowy.",
            "Snowy",
        ),
        (
            "a given name of the longer list after `to`",
            "Kayleigh sent a message to Tiegan last night.",
            "Tiegan",
        ),
        (
            "a given name of the longer list after `from`",
            "Kayleigh got a text from Keeva saying sorry.",
            "Keeva",
        ),
        (
            "a given name of the longer list after `by`",
            "Kayleigh said she was hit by Kaydence at school.",
            "Kaydence",
        ),
        (
            "a given name of the longer list after a relationship in lower case",
            "Text from Kayleigh: \"my sis keeley is having a baby\"",
            "keeley",
        ),
        (
            "a given name that is a word, in lower case with `'s` before a relationship",
            "Kayleigh said \"ruby's brother josh was there\"",
            "ruby",
        ),
        (
            "a given name that is a word, in lower case, listed with a name",
            "Text from Kayleigh: \"ethan n mason r fighting again lol\"",
            "mason",
        ),
        (
            "a given name that is a word, in lower case, listed before a name",
            "Kayleigh: \"me, ruby and ethan went town\"",
            "ruby",
        ),
        (
            "a given name of the longer list in lower case before `said`",
            "Kayleigh: \"dom said if i tell anyone hell kill me\"",
            "dom",
        ),
        (
            "initials in lower case listed with names",
            "Kayleigh said she was with tj, ryan and kai.",
            "tj",
        ),
        (
            "a given name in lower case after `grampy`",
            "Kayleigh wrote: \"love u nanny pat and grampy ken\"",
            "ken",
        ),
        (
            "a given name that is a word, in lower case, that a message of love is to",
            "Kayleigh: \"i luv u jordan xxx\"",
            "jordan",
        ),
        (
            "a name after a family word in quotes",
            "Kayleigh spoke about \"Uncle\" Baz, who is not a relative.",
            "Baz",
        ),
        (
            "a registered first name and the initial of the surname, with a dot",
            "Kayleigh said Warren H. came round drunk.",
            "Warren H.",
        ),
        (
            "a registered first name and the initial of the surname, before a comma",
            "Kayleigh said Wayne P, the neighbour, shouted.",
            "Wayne P",
        ),
        (
            "a registered street with its short form, in lower case",
            "Kayleigh was seen at 12 kestrel ct on Friday.",
            "12 kestrel ct",
        ),
        (
            "a house number, a street and a short street word",
            "Kayleigh stays with a friend at 4 Beech Gdns most weekends.",
            "4 Beech Gdns",
        ),
        (
            "a plural surname ending in -es",
            "Kayleigh stayed with the Walshes over Christmas.",
            "Walshes",
        ),
        (
            "a title and a surname after a relationship and a comma",
            "Kayleigh's neighbour, Mrs Rowe, called the police.",
            "Mrs Rowe",
        ),
        (
            "a nickname that is a word, in quotes, in a list of names",
            "Visitors to the home: \"Tiny\", Rob H., and a woman called Trace.",
            "Tiny",
        ),
        (
            "a nickname that is a plural word, in quotes, listed with a name in quotes",
            "Kayleigh says \"Mads\" and \"Liv\" are her best friends.",
            "Mads",
        ),
        (
            "a surname in capitals, a comma and two given names, before a bracket",
            "Suspect 1: OKAFOR, Chinedu Emmanuel (DOB 02/02/1999)",
            "OKAFOR, Chinedu Emmanuel",
        ),
        (
            "a surname in capitals, a comma and a given name, before a verb",
            "OKAFOR, Chinedu was arrested on Friday.",
            "OKAFOR",
        ),
        (
            "a given name that is a word, in lower case, an adverb before a verb of messaging",
            "Kayleigh: \"omg harry just messaged me\"",
            "harry",
        ),
        (
            "a name only the census gazetteer holds, in lower case after `bf`",
            "Kayleigh said \"my bf ashton\" bought her a phone.",
            "ashton",
        ),
        (
            "a possessive that is no word, an ordinal and a birthday",
            "Kayleigh said she had been at Rhianna's 16th birthday party.",
            "Rhianna",
        ),
        (
            "a possessive that is no word before a funeral",
            "Kayleigh was upset after Jaxxon's funeral.",
            "Jaxxon",
        ),
        (
            "a given name and a home word that is a surname, after `to`, with `Hall`",
            "Kayleigh gave her phone to Holly Hall.",
            "Holly Hall",
        ),
        (
            "a given name and `House` before a verb people do",
            "Kayleigh said Rose House shouted at her.",
            "Rose House",
        ),
        (
            "a family word as a title before an initial, in quotes",
            "Kayleigh's phone shows contact \"Uncle T\" with 40 calls.",
            "Uncle T",
        ),
        (
            "a family word as a title before an initial, before a verb",
            "Kayleigh said Aunty B said she can stay.",
            "Aunty B",
        ),
        (
            "a given name that is a word, in lower case, joined to `her` and a relationship",
            "Kayleigh: \"shannon n her mum had a fight\"",
            "shannon",
        ),
        (
            "a given name that is a word, in lower case, before `& her sister`",
            "Kayleigh said \"faith & her sister\" were there.",
            "faith",
        ),
        (
            "a word that is no word, after `at` and before `house`, in a transcript",
            "[14:02] kayleigh: wer r u\n[14:03] kels: at tyreese house",
            "tyreese",
        ),
        (
            "a given name and an s after `at`, a dropped g before it",
            "kayleigh: im stayin at gemmas tonight",
            "gemmas",
        ),
        (
            "an Irish surname of three words after `Mac Giolla`",
            "Kayleigh said Seán Mac Giolla Phádraig was there.",
            "Seán Mac Giolla Phádraig",
        ),
        (
            "two given names and two surnames",
            "Kayleigh met Juan Carlos Garcia Lopez at the park.",
            "Juan Carlos Garcia Lopez",
        ),
        (
            "a word no list holds, where the person is from, then a verb of giving",
            "Kayleigh said that Xiaoming from the takeaway gave her food.",
            "Xiaoming",
        ),
        (
            "two given names that are words, joined by a hyphen",
            "Kayleigh said that Jordan-Lee had been stealing bikes.",
            "Jordan-Lee",
        ),
        (
            "a given name that is a word and a month, joined by a hyphen",
            "Kayleigh said Rose-May was kind.",
            "Rose-May",
        ),
        (
            "a full name before a sentence that opens with `School`",
            "Kayleigh met Tomasz Nowak. School was closed that day.",
            "Tomasz Nowak",
        ),
        (
            "a user name of letters and digits, after a person and `called`",
            "Kayleigh told staff she had met a man off Snapchat called Liam19.",
            "Liam19",
        ),
        (
            "a name no list holds, then a comma, an article and a relationship",
            "Kayleigh said the flat belongs to Trev, a friend of her dad.",
            "Trev",
        ),
        (
            "a nickname in capitals and quotes after `KNOWN AS`, in a clause in capitals",
            "The following males were present: DYLAN (16) AND A MALE KNOWN AS \"RIZZ\".",
            "RIZZ",
        ),
        (
            "a common word that is a given name too, listed with a name the model found",
            "Kayleigh said Destiny and Harmony were with her.",
            "Harmony",
        ),
        (
            "a common word that is a given name too, listed with the subject",
            "Kayleigh and Sydney were excluded.",
            "Sydney",
        ),
        (
            "`Mummy` as a family title before a given name",
            "Kayleigh said Mummy Jo and Mummy Bev look after her.",
            "Bev",
        ),
        (
            "a peer mentor, a child, where a mentor is a professional",
            "Kayleigh's peer mentor, Tamsin Ogunleye, is in Year 11.",
            "Tamsin Ogunleye",
        ),
        (
            "a name in capitals after `AND` and a found name, in a police log in capitals",
            "KAYLEIGH SEEN WITH KYLE AND DEZ NEAR THE PRECINCT.",
            "DEZ",
        ),
        (
            "a name in capitals at the end of a list in capitals",
            "OFFICERS ATTENDED. KAYLEIGH LOCATED WITH TIEGAN, MARCUS AND SHAY AT AN ADDRESS.",
            "SHAY",
        ),
        (
            "a name in capitals before `AND` and a found name",
            "DEZ AND KYLE WENT MISSING FROM THE HOME.",
            "DEZ",
        ),
        (
            "a given name that is a word, listed with a sibling's surname",
            "Kayleigh reports that Kacey Ward, Liberty Ward and Mary Ward (Y9) have been calling her names.",
            "Liberty Ward",
        ),
        (
            "a surname with an apostrophe and a given name, both in capitals, after a police label",
            "CRIME REF 06/123456/21 - S.18 WOUNDING. SUSPECT: O'DONNELL, MARTIN (AKA \"MOUSE\").",
            "O'DONNELL, MARTIN",
        ),
        (
            "a nickname that is a word, in capitals and quotes after `AKA`",
            "CRIME REF 06/123456/21 - S.18 WOUNDING. SUSPECT: O'DONNELL, MARTIN (AKA \"MOUSE\").",
            "MOUSE",
        ),
        (
            "a chat speaker with a space and an emoji before the colon",
            "[03:14] Hope 🌸: ye babe ill get my bro to come get u, wait by the co op",
            "Hope",
        ),
        (
            "a name in lower case after a word for a person and `called`",
            "babe grace sed she seen him in asda wiv some girl called brooklyn",
            "brooklyn",
        ),
        (
            "a name in lower case after `that guy`",
            "wallahi that guy farhan is a weirdo, he was tryna give me free food",
            "farhan",
        ),
        (
            "a given name that is a word, with `'s`, after a verb of staying and `at`",
            "Kayleigh: can u tell them im stayin at holly's 2nite",
            "holly",
        ),
        (
            "a nickname in capitals and single quotes after `aka`, in a line not in capitals",
            "Intelligence suggests Kayleigh is associating with Mohammed Zubair aka 'ZED' (20s).",
            "ZED",
        ),
        (
            "a register name written joined, after a professional title",
            "Kayleigh said Dr WarrenHughes had been round.",
            "WarrenHughes",
        ),
        (
            "a register name written joined, before a role",
            "Kayleigh met WarrenHughes (social worker) at the office.",
            "WarrenHughes",
        ),
        (
            "a word in quotes that a bracket says is a nickname",
            "Kayleigh said 'Snowy' (nickname, real name unknown) was the one holding the knife.",
            "Snowy",
        ),
    ];
    let mut failures = Vec::new();
    let mut gaps_passing = Vec::new();
    for (form, text, wanted) in cases {
        let found = findings(text);
        let ok = covered(text, wanted, &found);
        let gap = KNOWN_GAPS.iter().find(|(name, _)| name == form);
        match (ok, gap) {
            (true, Some(_)) => {
                gaps_passing.push(format!("{form}: now found, remove it from KNOWN_GAPS"))
            }
            (false, None) => failures.push(format!(
                "{form}: `{wanted}` not redacted in {text:?}: {:?}",
                found
                    .iter()
                    .map(|f| format!("{} {:?} {}", f.text, f.owner, f.rule))
                    .collect::<Vec<_>>()
            )),
            (false, Some((_, why))) => eprintln!("KNOWN GAP: {form}: {why}"),
            (true, None) => {}
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
    assert!(gaps_passing.is_empty(), "{gaps_passing:#?}");
}

#[test]
fn over_redaction_examples_are_kept() {
    let cases: &[(&str, &str, &str)] = &[
        (
            "football team",
            "Kayleigh supports Real Madrid and watched the match.",
            "Real Madrid",
        ),
        (
            "a verb of saying after a relationship word, in a shouted line",
            "NAN SAID NO SHE CANT COME",
            "SAID",
        ),
        (
            "a letter in brackets after no relationship",
            "Section (A) of the plan was agreed with Kayleigh.",
            "A",
        ),
        (
            "an ordinary word after 'mate' said to someone",
            "cheers mate Great game",
            "Great",
        ),
        (
            "a modal after a verb of asking, in lower case",
            "kayleigh asked will it be ok",
            "will",
        ),
        ("acronym CP", "Kayleigh is subject to a CP plan.", "CP"),
        ("acronym LAC", "LAC review held today.", "LAC"),
        ("acronym CIN", "CIN meeting rescheduled.", "CIN"),
        ("acronym TW", "TW to complete the assessment.", "TW"),
        ("place", "Kayleigh went to Leeds with her class.", "Leeds"),
        (
            "a social worker marked SW after her name",
            "Present: Kayleigh, Anita Shah (SW).",
            "Anita Shah",
        ),
        (
            "a social worker marked SW before her name",
            "SW Anita Shah visited Kayleigh at home.",
            "Anita Shah",
        ),
        (
            "a health visitor marked HV",
            "HV (Bernie Walsh) visited Kayleigh at home.",
            "Bernie Walsh",
        ),
        (
            "a lower-case word before a verb of saying, after a determiner",
            "Kayleigh said the bill said forty pounds.",
            "bill",
        ),
        (
            "a column name joined by underscores",
            "The export's person_id column was empty for Kayleigh.",
            "person_id",
        ),
        (
            "a file name joined by underscores",
            "Kayleigh's care_plan_v2.docx was uploaded.",
            "care_plan_v2",
        ),
        (
            "a street named alone, with no house or flat",
            "Kayleigh walked down Canal Street to school.",
            "Canal Street",
        ),
        (
            "a relationship before ordinary words in a line written in capitals",
            "I GOT HOME AND MY BROTHER IS ON THE XBOX AGAIN",
            "IS ON THE XBOX",
        ),
        (
            "an organisation told something",
            "Kayleigh's mum told Cafcass about the move.",
            "Cafcass",
        ),
        (
            "a sign-off before a relationship",
            "See you Sunday Kayleigh.\nLove, Mum",
            "Love",
        ),
        (
            "a sign-off before a job title",
            "Many thanks, Team Leader",
            "Team Leader",
        ),
        (
            "a title and an initial before a surname and a role",
            "Ms K. Adeyemi, social worker, visited Kayleigh.",
            "Ms K. Adeyemi",
        ),
        (
            "a professional's title before an initial and a surname",
            "Dr J Wong saw Kayleigh at the clinic.",
            "Dr J Wong",
        ),
        (
            "a professional's title before an initial",
            "Dr P saw Kayleigh at the clinic.",
            "Dr P",
        ),
        (
            "two months joined by a hyphen",
            "Kayleigh was off school in May-June last year.",
            "May-June",
        ),
        (
            "a car make of a forename and a surname",
            "A Mercedes-Benz was parked outside.",
            "Mercedes-Benz",
        ),
        (
            "an ordinary word before a comma and a forename",
            "Yesterday, John rang about the visit.",
            "Yesterday",
        ),
        (
            "a header label's word before a comma and a forename",
            "Subject: Contact, Kayleigh and mum",
            "Contact",
        ),
        (
            "a team and an acronym in a header line",
            "Cc: Payroll, HR; Ashworth, JD",
            "Payroll, HR",
        ),
        (
            "nationality adjective",
            "Her Polish friends visited.",
            "Polish",
        ),
        (
            "sentence-initial ordinary word",
            "Arrange a visit for next week.",
            "Arrange",
        ),
        (
            "the subject's own nickname form",
            "Kayleighs bag was left at school.",
            "Kayleighs",
        ),
        ("the subject's alias", "Kayls said she was fine.", "Kayls"),
        (
            "a professional in role",
            "Priya Sharma, social worker, visited.",
            "Priya Sharma",
        ),
        (
            "a medicine",
            "Kayleigh takes Ritalin every morning.",
            "Ritalin",
        ),
        ("a game", "Kayleigh plays Roblox after school.", "Roblox"),
        ("a chat word", "Plz call me back Kayls.", "Plz"),
        (
            "an unregistered number that only looks local",
            "The bus was the 601 at 234 567 metres.",
            "601",
        ),
        (
            "a bank",
            "Mum banks with Chase and the account is overdrawn.",
            "Chase",
        ),
        (
            "a book and film",
            "Kayleigh watched Harry Potter with her brother.",
            "Harry Potter",
        ),
        (
            "a restaurant",
            "They went to McDonald's for tea after contact.",
            "McDonald's",
        ),
        (
            "a heading does not make St a name",
            "ST LOUIS\nShe supports St Mirren.",
            "St Mirren",
        ),
        // Issue 14's news set: countries, states and cities were read as names.
        (
            "a country",
            "The family came to the UK from Eritrea, Libya and Yemen in 2019.",
            "Yemen",
        ),
        ("a US state", "Her dad Gary lives in Texas now.", "Texas"),
        (
            "a hyphenated word after a capitalised word",
            "The Annual Mid-Term Review is on Friday.",
            "Mid-Term",
        ),
        (
            "a place of two words",
            "Kayleigh's uncle Marek works in Hong Kong.",
            "Hong Kong",
        ),
        // Addresses and companies (issue 14, the synthetic PII set).
        (
            "a street after a house number, written abroad",
            "Her aunt lives at 14 Dluga Wola 3 in Poland.",
            "Dluga Wola",
        ),
        (
            "a town after a flat number",
            "The family moved to Flat 2 Nowa Huta last year.",
            "Nowa Huta",
        ),
        (
            "a street with an abbreviation",
            "Contact took place at the cafe on Radcliffe Rd near the park.",
            "Radcliffe Rd",
        ),
        (
            "a foreign street word first",
            "Dad's address in Lisbon is Rua Castilho 12.",
            "Castilho",
        ),
        (
            "a company",
            "Mum works nights at Brightwater Logistics Inc near the ring road.",
            "Brightwater Logistics",
        ),
        ("a country", "Portugal was where dad grew up.", "Portugal"),
        (
            "a town in capitals before 'nan' from an export",
            "Address: 12 Kirkgate\nOSSETT nan\nWF5 8AB",
            "OSSETT",
        ),
        (
            "a greeting to a group",
            "Hi Colleagues, please see the minutes attached.",
            "Colleagues",
        ),
        (
            "a verb after a family word in lower case",
            "my aunty is coming on sunday",
            "is",
        ),
        (
            "a verb of saying after a family word in lower case",
            "nan said no to the sleepover",
            "said",
        ),
        (
            "a modal after a family word in lower case",
            "aunty may come later",
            "may",
        ),
        (
            "a month as a date beside a family title named by a month",
            "Aunty May came to contact. In May she moved to Leeds.",
            "In May",
        ),
        (
            "a date after a family title",
            "Jade saw Gran 3 May and again in June.",
            "3 May",
        ),
        (
            "a phrase after 'known as' that is no name",
            "This is known as good practice.",
            "good practice",
        ),
        (
            "a contraction without its apostrophe before a verb",
            "Havent slept in days thinking about it",
            "Havent",
        ),
        ("kisses after a relationship word", "love u mum xx", "xx"),
        (
            "chat after a relationship word",
            "text mum rn, he's my baby cos he's younger, baby don't fight it",
            "rn, he's my baby cos he's younger, baby don't",
        ),
        (
            "a shop with a possessive where someone stayed",
            "Kayleigh was at McDonald's. She slept at Nando's on the bench.",
            "was at McDonald's. She slept at Nando",
        ),
        (
            "the subject's surname before a register person's given name",
            "Present: DOBSON, Tracey; Priya Sharma (SW)",
            "DOBSON",
        ),
        (
            "the subject's surname in a list beside a register person's given name",
            "To: Sharma, Priya; Dobson, Tracey",
            "Dobson",
        ),
        (
            "a professional's own inverted name",
            "Present: SHARMA, Priya; Kayleigh",
            "SHARMA, Priya",
        ),
        (
            "a pronoun listed with the subject",
            "Me and Kayleigh went to town.",
            "Me",
        ),
        (
            "a place before 'and I'",
            "It was my first day in Vegas and I am already tired.",
            "Vegas",
        ),
        (
            "a thing before 'and I'",
            "I ended up doing a PhD and I loved it.",
            "PhD",
        ),
        (
            "an HTML entity after 'me &'",
            "people ask me &quot; what are you",
            "quot",
        ),
        (
            "a verb after a known name in a line in capitals",
            "NEIGHBOUR SIOBHAN DOYLE COMPLAINED ABOUT NOISE",
            "COMPLAINED",
        ),
        (
            "a relationship after 'calls her'",
            "Kayleigh calls her Mum when she is upset.",
            "Mum",
        ),
        (
            "a nationality after 'believed to be'",
            "The driver was believed to be Polish.",
            "Polish",
        ),
        (
            "an English word in quotes",
            "Kayleigh said she felt 'Sad' and 'Angry'.",
            "Sad",
        ),
        (
            "a count in brackets after a plural",
            "Siblings (3) were present at the meeting.",
            "Siblings",
        ),
        (
            "a place after a relationship and a phrase of place",
            "She visited her friend in London, Paris and Rome.",
            "Paris",
        ),
        (
            "a shop's possessive in lower case",
            "we went round maccies's after",
            "maccies",
        ),
        (
            "a form's labels, the shape of a transcript's speakers",
            "Date: 12/03/2020\nOutcome: Kayleigh was seen.\nAction: none",
            "Outcome",
        ),
        (
            "a label after a time",
            "[14:02] Update: Kayleigh is home",
            "Update",
        ),
        (
            "a web address beside a social-media word",
            "See tiktok.com for the safety settings.",
            "tiktok.com",
        ),
        (
            "a school subject in capitals after a given name, labelling what follows",
            "Warren ENGLISH: good progress this term",
            "ENGLISH",
        ),
        (
            "an organisation in capitals after a full name",
            "Have you located the John Arnold NYMEX terminal yet?",
            "NYMEX",
        ),
        (
            "a word of size before a relationship",
            "Kayleigh's Lil bro came too.",
            "Lil",
        ),
        (
            "a two-letter word after a family word",
            "my nan is ill and mum is at work",
            "is",
        ),
        (
            "a file name beside a social-media word",
            "Attachment: smime.p7s (sent from my account)",
            "smime.p7s",
        ),
        (
            "a version number beside a social-media word",
            "Snapchat version 12.3.4 was installed.",
            "12.3.4",
        ),
        (
            "a word that describes a family",
            "The Royal family visited the town.",
            "Royal",
        ),
        (
            "an ethnicity before a word for a family",
            "The White British family next door complained.",
            "White",
        ),
        (
            "the subject's own surname before a word for a family",
            "The Dobson family were at the meeting.",
            "Dobson",
        ),
        (
            "a shouted line after a given name",
            "Warren DID NOT ATTEND the meeting.",
            "DID",
        ),
        (
            "the subject's surname in capitals",
            "Kayleigh DOBSON attended with her mum.",
            "DOBSON",
        ),
        (
            "a pet's name after the word for it",
            "Kayleigh talked about her dog Max and her cat Tigger.",
            "Max",
        ),
        (
            "a pet's name after 'called'",
            "Kayleigh has a puppy called Bella now.",
            "Bella",
        ),
        (
            "a theme park whose first word is a forename",
            "Kayleigh went to Alton Towers with her foster carers.",
            "Alton",
        ),
        (
            "a month after a number, before a surname found",
            "On 3rd May Jones visited the flat.",
            "May",
        ),
        (
            "a month after a word of time, before a surname found",
            "In May Jones visited the flat.",
            "May",
        ),
        (
            "a month before a year, after a given name found",
            "Saw Ben May 2019 at the contact centre.",
            "May 2019",
        ),
        (
            "a chat spelling joined by and to a name found in lower case",
            "tia and dat",
            "dat",
        ),
        (
            "a nationality after a relationship and is",
            "Her friend is Polish.",
            "Polish",
        ),
        (
            "a word with a capital inside, after with",
            "The tablet was in airplane mode with WiFi off.",
            "WiFi",
        ),
        (
            "an app after with",
            "I have been trying to reach you with Gmail.",
            "Gmail",
        ),
        (
            "a word of endearment after a birthday wish",
            "happy birthday hun x",
            "hun",
        ),
        (
            "a pronoun, then is and a relationship",
            "This is her mum.",
            "This",
        ),
        (
            "a question word, then is and a relationship",
            "Why is my friend following someone?",
            "Why",
        ),
        (
            "an English word after a title in lower case",
            "mr big came round",
            "big",
        ),
        (
            "an English word after a title and a surname, in a line in capitals",
            "JADE SAYS MRS TASSOM WAS KIND TO HER",
            "WAS KIND",
        ),
        (
            "the pronoun I after a given name",
            "I told Kyle I think so.",
            "I think",
        ),
        (
            "a day after a register given name",
            "Kayleigh told Tracey Sunday was fine.",
            "Sunday",
        ),
        (
            "a word of a heading in Title Case after a register given name",
            "Contact With Tracey Long Term Plan",
            "Long",
        ),
        (
            "an English word in capitals after a register given name in capitals",
            "TRACEY SAID NO",
            "SAID",
        ),
        (
            "a school subject named as a favourite",
            "Kayleigh named her favourite subject as Art.",
            "Art",
        ),
        (
            "a festival after scared of",
            "Kayleigh is scared of Halloween.",
            "Halloween",
        ),
        (
            "a plural word after to, in lower case",
            "we went to jacks and then home",
            "jacks",
        ),
        (
            "a film company of a surname and a family word",
            "Kayleigh went to see the Warner Brothers film.",
            "Warner",
        ),
        (
            "text speak after a given name in lower case",
            "tia wud batter me",
            "wud",
        ),
        (
            "a professional named after her role, a phrase of place and a comma",
            "Kayleigh's key worker at the unit, Becky, says she is settled.",
            "Becky",
        ),
        (
            "a team named like a family, with no home around it",
            "The Yankees beat the Angels 6-2 and Kayleigh cheered.",
            "Angels",
        ),
        (
            "a film in quotes of the shape of a street name",
            "Kayleigh watched 'Iron Man' with her carer.",
            "Iron Man",
        ),
        (
            "a dot after a word that is no title, glued to a name",
            "See file x.mr.smith for the notes.",
            "smith",
        ),
        (
            "the subject's name with a middle initial",
            "Kayleigh L. Dobson attended the review.",
            "Kayleigh L. Dobson",
        ),
        (
            "a professional's name with a middle initial",
            "Priya K. Sharma visited Kayleigh.",
            "Priya K. Sharma",
        ),
        (
            "shops without their apostrophe after a verb of going",
            "We went to Greggs and then to Nandos.",
            "Greggs and then to Nandos",
        ),
        (
            "a surname with an s after a verb of going",
            "He went to Parsons to buy shoes.",
            "Parsons",
        ),
        (
            "an acronym right after a relationship",
            "Her mum GP rang about the medication.",
            "GP",
        ),
        (
            "a shouted word after a relationship in a sentence-case line",
            "Her mum HATES the new school.",
            "HATES",
        ),
        (
            "a burger in quotes of the shape of a nickname",
            "Kayleigh ate a 'Big Mac' in town.",
            "Big Mac",
        ),
        (
            "the subject's name and an s before a home word",
            "Kayleighs party was fun and her friends came.",
            "Kayleighs",
        ),
        (
            "the subject's name and an s in lower case after a verb of going",
            "we are going to kayleighs house later",
            "kayleighs",
        ),
        (
            "a festival of two words",
            "The family fast for Yom Kippur and Kayleigh joined them.",
            "Yom Kippur",
        ),
        (
            "a charity after phoned",
            "Kayleigh phoned Barnardos for advice.",
            "Barnardos",
        ),
        (
            "dotted capitals that are a country",
            "Kayleigh's friend went to the U.K. border.",
            "U.K",
        ),
        (
            "a particle and a place after no title",
            "Kayleigh prayed at al-Aqsa with her family.",
            "al-Aqsa",
        ),
        (
            "a professional named before whose worker they are, in brackets",
            "Kevin Osei (Kayleigh's social worker) visited.",
            "Kevin Osei",
        ),
        (
            "a word in capitals after a title and an initial that is only English",
            "MRS P. WAS THERE",
            "WAS",
        ),
        (
            "the pronoun I and a verb of saying after a name, in a line in capitals",
            "MESSAGE FROM KAYLEIGH: TELL KEZ I SAID SORRY",
            "I SAID",
        ),
        (
            "a police acronym in capitals after a title and an initial",
            "MRS P. CID ATTENDED",
            "CID",
        ),
        (
            "an English word in brackets after a relationship",
            "Her Uncle (Paternal) visited.",
            "Paternal",
        ),
        (
            "a relationship word in quotes after `called`",
            "Kayleigh called \"Mum\" but nobody answered.",
            "Mum",
        ),
        (
            "a project after `is called`, no person before it",
            "The project is called Stardust and runs on Tuesdays.",
            "Stardust",
        ),
        (
            "a day after `was called`",
            "The meeting was called Tuesday.",
            "Tuesday",
        ),
        (
            "a short form that is a word in lower case",
            "Kayleigh said she would be back in a mo.",
            "mo",
        ),
        (
            "a modal after a name in lower case and `and`",
            "Kayleigh: \"kyle and will go town later\"",
            "will",
        ),
        (
            "a family word in lower case with `'s` before a relationship",
            "Kayleigh: \"my nan's friend came round\"",
            "nan",
        ),
        (
            "a charity after `to`",
            "Kayleigh's letter was sent to Barnardos last week.",
            "Barnardos",
        ),
        (
            "a town after `to` that is a given name too",
            "Kayleigh moved to Oakley with her mum in 2019.",
            "Oakley",
        ),
        (
            "a modal after `love you`",
            "Kayleigh: \"love you may see you later\"",
            "may",
        ),
        (
            "a word that is a given name too, after `love you`, not closing the message",
            "Kayleigh: \"love you grace and peace to all\"",
            "grace",
        ),
        (
            "the subject's name in lower case, listed with a name",
            "Message read: \"hiya its courtney, kayleigh left her charger at mine\"",
            "kayleigh",
        ),
        (
            "a sign-off before a family word",
            "Sent from my iPhone. Love Nanna Jean xx",
            "Love",
        ),
        (
            "a registered first name before a capital that is no initial of the surname",
            "Kayleigh said Warren B. from school was kind.",
            "B.",
        ),
        (
            "a professional named by title after a role and a comma",
            "Kayleigh's form tutor, Miss Okoro, raised the concern.",
            "Miss Okoro",
        ),
        (
            "a solicitor named by title after the role and a comma",
            "Kayleigh's solicitor, Ms Grant, attended the meeting.",
            "Ms Grant",
        ),
        (
            "song titles in quotes in a list",
            "Kayleigh likes the songs \"Hello\", \"Someone Like You\" and \"Easy on Me\".",
            "Hello",
        ),
        (
            "a mail abbreviation in capitals before a comma and a given name",
            "FYI, Michelle will send the minutes.",
            "FYI",
        ),
        (
            "a word in capitals before a comma and a given name",
            "OK, Sarah will come tomorrow.",
            "OK",
        ),
        ("a news dateline", "HERZLIYA, Israel 1996-08-31", "HERZLIYA"),
        (
            "a determiner, a word that is a given name too, an adverb and a verb of saying",
            "Kayleigh: \"the bill just said 40 quid\"",
            "bill",
        ),
        (
            "a verb of getting in touch opening a quotation, before a name",
            "Kayleigh said, \"Ask Tasha, she was there.\"",
            "Ask",
        ),
        (
            "a verb of getting in touch opening a message, before a name",
            "Kayleigh: \"Ring Tasha now\"",
            "Ring",
        ),
        (
            "a form's word for a name not known, after a relationship label",
            "Father: Unknown. Mother: Deceased. Maternal grandfather: Withheld.",
            "Unknown",
        ),
        (
            "a school named after a person",
            "Kayleigh moved to Thomas Aveling School in September.",
            "Thomas Aveling",
        ),
        (
            "a hospital named after a princess",
            "Kayleigh attends the Princess Alexandra Hospital for clinic.",
            "Alexandra",
        ),
        (
            "a charity named after a person",
            "Kayleigh was referred to the Lucy Faithfull Foundation.",
            "Lucy Faithfull",
        ),
        (
            "a hospital ward named after a person, `ward` in lower case",
            "Kayleigh was on Florence Nightingale ward for two nights.",
            "Florence Nightingale",
        ),
        (
            "a sixth-form college named after a queen",
            "Kayleigh got a place at Queen Elizabeth Sixth Form College.",
            "Elizabeth",
        ),
        (
            "an academy named after a surname",
            "Kayleigh goes to Harris Academy Peckham.",
            "Harris",
        ),
        (
            "a park named after a queen",
            "Kayleigh likes going to Victoria Park on Sundays.",
            "Victoria Park",
        ),
        (
            "a children's book",
            "Kayleigh's favourite book is Tracy Beaker.",
            "Tracy Beaker",
        ),
        (
            "a solicitor named by title and full name after the role and a comma",
            "Kayleigh's solicitor, Ms Farah Iqbal of Iqbal & Co, attended.",
            "Farah Iqbal",
        ),
        (
            "a signature block: a name, a bar and the role",
            "Lisa Grayson | Contact Supervisor | Westshire County Council",
            "Lisa Grayson",
        ),
        (
            "business support named with the role in brackets",
            "Minutes taken by: Bernie Walsh (business support)",
            "Bernie Walsh",
        ),
        (
            "a game's name of letters and digits after `called`",
            "Kayleigh said she was sent a link to a game called Fifa23.",
            "Fifa23",
        ),
        (
            "a professional named in full, then a comma, an article and the role",
            "Kayleigh met Kevin Osei, a social worker from Leeds.",
            "Kevin Osei",
        ),
        (
            "a contraction after a name",
            "Kayleigh said \"Kyle isn't coming\".",
            "isn't",
        ),
        (
            "chat words in capitals after a name in capitals",
            "Kayleigh's message in capitals: \"KEZ UR DEAD\".",
            "UR DEAD",
        ),
        (
            "`Love` signing off before a comma and a name",
            "Give it a rest. Love, Mackenna",
            "Love",
        ),
        (
            "`Mummy` as a family title, not a name",
            "Kayleigh said Mummy Jo and Mummy Bev look after her.",
            "Mummy",
        ),
        (
            "a pronoun joined to `her` and a relationship",
            "Kayleigh: \"me n her mum went out\"",
            "me",
        ),
        (
            "a modal that is a given name, joined to `his` and a relationship",
            "Kayleigh: \"i will n his brother wont\"",
            "will",
        ),
        (
            "an ordinary word after `at`, before `house`",
            "kayleigh: at work house",
            "work",
        ),
        (
            "a family word before the pronoun `I`",
            "Kayleigh: \"Nan I love you\"",
            "I",
        ),
        (
            "a head of year named by title, the role after in brackets",
            "Mrs Dunmore (Head of Year) called Kayleigh's carer.",
            "Mrs Dunmore",
        ),
        (
            "a head of year named by title after the role and a comma",
            "Kayleigh's Head of Year, Mr Pickering, phoned.",
            "Mr Pickering",
        ),
        (
            "a mentor named by a given name after the role",
            "Kayleigh is supported by Mentor Josh from The Prince's Trust.",
            "Josh",
        ),
        (
            "a pastoral lead named by title",
            "Kayleigh's pastoral lead, Miss Kaur, met with her.",
            "Miss Kaur",
        ),
        (
            "a paramedic named in full",
            "Paramedic Tom Ashworth treated Kayleigh at the scene.",
            "Tom Ashworth",
        ),
        (
            "an education welfare officer's initials before a comma and a full name",
            "Kayleigh's EWO, Linda Crake, visited.",
            "EWO, Linda Crake",
        ),
        (
            "a meeting's coordinator named in full",
            "Kayleigh's Family Group Conference coordinator, Nadia Hussain, arranged it.",
            "Nadia Hussain",
        ),
        (
            "a children's home named after a given name that is a word, after `at`",
            "Kayleigh's placement at Willow House ended on 5 May.",
            "Willow House",
        ),
        (
            "a children's home named after a given name that is a word, after `to`",
            "Kayleigh moved to Ivy Lodge in March.",
            "Ivy Lodge",
        ),
        (
            "an English word in capitals after `AND` and a name in capitals",
            "KAYLEIGH SEEN WITH KYLE AND FRIENDS NEAR THE PRECINCT.",
            "FRIENDS",
        ),
        (
            "a word without a vowel after `AND` and a name in capitals",
            "KAYLEIGH SEEN WITH KYLE AND RMN NEAR THE PRECINCT.",
            "RMN",
        ),
        (
            "the name after a word taken from a list in capitals",
            "NOTES: KYLE, DEZ AND NANDOS.",
            "NANDOS",
        ),
        (
            "the subject written surname first after a police label",
            "WITNESS: DOBSON, KAYLEIGH.",
            "DOBSON",
        ),
        (
            "a verb without its g after a name in lower case",
            "lol me n kasia goin maccies if u wanna come",
            "goin",
        ),
        (
            "`called` as a verb after a word for a person",
            "a guy called round earlier asking for u",
            "round",
        ),
        (
            "a contraction after `that baby`",
            "I got it like that baby don't fight it",
            "don't",
        ),
        (
            "a member of staff on an ecomap",
            "Kayleigh put \"Leanne (staff)\" close to her on the ecomap.",
            "Leanne",
        ),
        (
            "an orthodontist named in full before the role",
            "Kayleigh is seeing Mr Frank Lewis, orthodontist at Smile Dental.",
            "Mr Frank Lewis",
        ),
        (
            "a senior practitioner in brackets",
            "The MASH team (Adele Brown, Senior Practitioner) passed it on.",
            "Adele Brown",
        ),
        (
            "a role, then a personal title and a surname",
            "Kayleigh sat her mock with Teaching Assistant Mr Hardy supervising.",
            "Mr Hardy",
        ),
        (
            "a role right before a name in a list",
            "Present: Designated Teacher Mrs Claire Boyle, Virtual School adviser Imran Qureshi, Kayleigh.",
            "Imran Qureshi",
        ),
        (
            "a registered professional's surname alone before a verb",
            "Sharma agreed the plan with the Head of Service.",
            "Sharma",
        ),
        (
            "`aka` after a full name, before the nickname",
            "Intelligence suggests Kayleigh is associating with Mohammed Zubair aka 'ZED' (20s).",
            "aka",
        ),
        (
            "a word in quotes with a bracket that says it is no name",
            "Kayleigh said the film was 'Boring' (her word) and went to bed.",
            "Boring",
        ),
    ];
    let mut failures = Vec::new();
    for (what, text, kept) in cases {
        let found = findings(text);
        let start = text.find(kept).unwrap();
        let end = start + kept.len();
        let touched: Vec<String> = found
            .iter()
            .filter(|f| is_redacted(f) && f.span.start < end && start < f.span.end)
            .map(|f| format!("{} by {}", f.text, f.rule))
            .collect();
        if !touched.is_empty() {
            failures.push(format!(
                "{what}: `{kept}` redacted in {text:?}: {touched:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

/// Issue 11 point 4: a first name that is also a word, guessed as a name in one record, is not
/// spread by consolidation to the others ("Rose Barn" is a house), only within its own record; a
/// name that is no word, found the same way, still is.
#[test]
fn a_weak_guess_of_a_word_is_not_spread_but_a_name_is() {
    let all = findings_across(&[
        "Kayleigh went to the park with Rose and Bartosz after school.",
        "Kayleigh painted a picture of Rose Barn for her room.",
        "Later Bartosz and Kayleigh played at the park.",
        "Kayleigh went to the park with Rose, then they walked past Rose Barn.",
    ]);
    let redacted = |record: &[Finding], word: &str| {
        record
            .iter()
            .filter(|f| is_redacted(f) && f.text.contains(word))
            .map(|f| f.rule.clone())
            .collect::<Vec<_>>()
    };
    // The premise: both were guesses in the first record (weak rules, proposed for review).
    for word in ["Rose", "Bartosz"] {
        let rules = redacted(&all[0], word);
        assert!(
            rules.len() == 1 && sarpack::verify::is_weak(&rules[0]),
            "{word}: {rules:?} in {:?}",
            all[0]
        );
    }
    assert!(redacted(&all[1], "Rose").is_empty(), "{:?}", all[1]);
    assert!(!redacted(&all[2], "Bartosz").is_empty(), "{:?}", all[2]);
    // Within the record where it was guessed, the guess is made consistent: the verifier looks
    // for it there.
    // It is the same guess again, with its weak rule, so the verifier too looks for it in that
    // record only (another email's "Bell Mobility" footer is not held back by it).
    let rules = redacted(&all[3], "Rose");
    assert_eq!(rules.len(), 2, "{:?}", all[3]);
    assert!(
        rules.iter().all(|rule| sarpack::verify::is_weak(rule)),
        "{rules:?}"
    );
}

#[test]
fn a_local_number_is_attributed_to_its_register_owner() {
    let text = "Auntie rang from 601 234 567 last night.";
    let found = findings(text);
    let phone = found
        .iter()
        .find(|f| f.text == "601 234 567")
        .unwrap_or_else(|| panic!("no finding for the number: {found:?}"));
    assert_eq!(phone.rule, "register.phone");
    assert!(phone.why.contains("Zofia Nowak"), "{}", phone.why);
}

#[test]
fn a_surname_alone_is_found_after_the_full_name_was_seen_in_the_pack() {
    // Issue 14: "Havel" alone in one record, after "Vaclav Havel" in another; on its own, with no
    // verb after it, no rule reads "Havel" as a name.
    let texts = [
        "Vaclav Havel came to the door asking for Kayleigh.",
        "Kayleigh got a letter from Havel on Saturday.",
    ];
    assert_not_found_alone(texts[1], "Havel");
    let found = findings_across(&texts);
    assert_covered(texts[1], "Havel", &found[1]);
}

/// A name no list knows, found by a rule the verifier trusts in every record (a transcript's
/// speaker after a time), is redacted in the other records too: left there, the verifier held
/// each such record back whole.
#[test]
fn a_trusted_name_no_list_knows_is_spread_to_the_other_records() {
    let texts = ["[18:03] Kezza: at the park", "Kezza: to the shop now"];
    assert_not_found_alone(texts[1], "Kezza");
    let found = findings_across(&texts);
    assert!(covered(texts[0], "Kezza", &found[0]), "{:?}", found[0]);
    assert!(
        !sarpack::verify::is_weak(found[0][0].rule.as_str()),
        "the premise: the first record's rule is one the verifier trusts: {:?}",
        found[0]
    );
    assert_covered(texts[1], "Kezza", &found[1]);
}

/// The verifier looks for a removed name of one word that is no word ("Kezza") in any case, so
/// consolidation takes it in lower case in the other records too; before, "love u kez xx" in
/// another note was held back whole ("Kez" is in the forename list since session 21, so the test
/// uses a name no list knows).
#[test]
fn a_name_that_is_no_word_is_spread_in_lower_case_too() {
    let texts = [
        "Kayleigh messaged Kezza at 2am.",
        "Kayleigh wrote \"love u kezza xx\"",
    ];
    assert_not_found_alone(texts[1], "kezza");
    let found = findings_across(&texts);
    assert!(covered(texts[0], "Kezza", &found[0]), "{:?}", found[0]);
    assert_covered(texts[1], "kezza", &found[1]);
    // A name that is also a word is still taken only where capitalised.
    let texts = ["Kayleigh messaged Amber at 2am.", "the amber light was on"];
    let found = findings_across(&texts);
    assert!(!covered(texts[1], "amber", &found[1]), "{:?}", found[1]);
}

#[test]
fn a_surname_alone_is_found_again_in_the_text_that_named_the_person_in_full() {
    // Issue 14 (news substitute, GUM's Wikinews): a person is named in full once and by surname
    // after, "Jeff Rathke ... Rathke also asked". Detection alone finds it in the same text, so
    // the verifier, which looks for what detection found, looks for it too.
    let cases: &[(&str, &str)] = &[
        (
            "Met Kornelia Mazur in town. Kayleigh gave the key to Mazur on Friday.",
            "Mazur on",
        ),
        // A surname that is also an English word, mid-sentence (the model may take it first).
        (
            "Her neighbour Tom Waters called in. Kayleigh said Waters shouted at her.",
            "Waters shouted",
        ),
        // Possessive.
        (
            "Mr Dariusz Wolski came to the door. Wolski's dog was barking.",
            "Wolski",
        ),
        // A surname that is also a place word, with a verb only a person does after it.
        (
            "Jack Lane rang the office twice. Later Lane shouted at her.",
            "Lane shouted",
        ),
        (
            "Dean Street's sister was there. Street said he would come back.",
            "Street said",
        ),
    ];
    for (text, wanted) in cases {
        let found = detector().find(text);
        let wanted = wanted.split_whitespace().next().unwrap();
        let at = text.rfind(wanted).unwrap();
        assert!(
            found.iter().any(|f| is_redacted(f)
                && (f.rule == "unregistered.surname-again" || wanted == "Waters")
                && f.span.start <= at
                && at + wanted.len() <= f.span.end),
            "`{wanted}` (second mention) not found in {text:?}: {:?}",
            found
                .iter()
                .map(|f| format!("{} {}", f.text, f.rule))
                .collect::<Vec<_>>()
        );
    }
    // Kept: the same word as a street, after an article, or at a sentence start as a word.
    for (text, kept) in [
        (
            "Met Kornelia Mazur in town. She lives on Mazur Road now.",
            "Mazur Road",
        ),
        (
            "Her neighbour Tom Waters called in. The waters rose. The Waters project closed.",
            "The Waters",
        ),
        // A place-word surname where the place is meant.
        (
            "Dean Street's sister was there. The flat on Street is damp.",
            "Street is",
        ),
    ] {
        let found = detector().find(text);
        let at = text.rfind(kept).unwrap();
        assert!(
            !found
                .iter()
                .any(|f| is_redacted(f) && f.span.start < at + kept.len() && at < f.span.end),
            "`{kept}` redacted in {text:?}: {found:?}"
        );
    }
}

/// Initials found alone by a rule the verifier trusts ("her little brother TJ") are looked for
/// by the verifier in every record, with dots or without, so consolidation redacts them there
/// too; before, "TJ was collected" and "Later KL rang" in the next notes were held back whole.
#[test]
fn initials_found_alone_are_spread_with_dots_or_without() {
    let texts = [
        "Kayleigh said her little brother TJ was crying.",
        "TJ was collected by Grandad at 3pm.",
        "Kayleigh's friend K.L. was there.",
        "Later KL rang the office, then T.J. rang too.",
    ];
    for (at, wanted) in [(1, "TJ"), (3, "KL"), (3, "T.J")] {
        assert_not_found_alone(texts[at], wanted);
    }
    let found = findings_across(&texts);
    for (at, wanted) in [(0, "TJ"), (1, "TJ"), (2, "K.L"), (3, "KL"), (3, "T.J")] {
        assert_covered(texts[at], wanted, &found[at]);
    }
}

/// A full name that one record writes in role ("Bernadette Quinn (LAC Nurse)", "Designated
/// Teacher Mrs Claire Boyle") is that professional's where another record guesses it from its
/// shape alone ("Bernadette Quinn visited"): kept there, listed for a person to confirm, and not
/// spread into the mention in role. A guess with a relationship beside it is someone else of the
/// same name and stays redacted; so does a title and surname alone ("Mr Patel from number 29"
/// beside a social worker "Mr Patel"), too common a pair to be sure of.
#[test]
fn a_full_name_written_in_role_elsewhere_is_the_professional() {
    let texts = [
        "Attendees: Bernadette Quinn (LAC Nurse), Priya Sharma (SW).",
        "Bernadette Quinn visited Kayleigh at home.",
        "Present: Designated Teacher Mrs Claire Boyle.",
        "Mrs Claire Boyle said Kayleigh had settled.",
    ];
    let found = findings_across(&texts);
    for (index, name) in [
        (0, "Bernadette Quinn"),
        (1, "Bernadette Quinn"),
        (2, "Mrs Claire Boyle"),
        (3, "Mrs Claire Boyle"),
    ] {
        let start = texts[index].find(name).unwrap();
        let end = start + name.len();
        let touched: Vec<&Finding> = found[index]
            .iter()
            .filter(|f| is_redacted(f) && f.span.start < end && start < f.span.end)
            .collect();
        assert!(
            touched.is_empty(),
            "`{name}` redacted in {:?}: {touched:?}",
            texts[index]
        );
    }
    let guess = found[1]
        .iter()
        .find(|f| f.text == "Bernadette Quinn")
        .expect("the guess is kept as a finding, for the reviewer");
    assert!(
        guess.review,
        "a guess kept as a professional is listed for review: {guess:?}"
    );
    // Someone else of the same name: a relationship beside it.
    let texts = [
        "Kayleigh's aunt Claire Boyle came to the review.",
        "Designated Teacher Mrs Claire Boyle said Kayleigh was doing well.",
    ];
    let found = findings_across(&texts);
    assert_covered(texts[0], "Claire Boyle", &found[0]);
    // A title and a surname alone.
    let texts = [
        "On leaving, Mr Patel from number 29 stopped me.",
        "Kayleigh's social worker, Mr Patel, visited.",
    ];
    let found = findings_across(&texts);
    assert_covered(texts[0], "Mr Patel", &found[0]);
}
