//! Generates a large synthetic records store for throughput measurements: a register of dozens of
//! people, tens of thousands of case notes, and N documents × M pages of Word-like PDFs typeset by
//! sarpack's own writer (dense justified-looking prose, a heading per page, third-party names,
//! phone numbers and addresses scattered through it at realistic rates). Deterministic for a seed.
//!
//! ```text
//! cargo run --release --example generate-store -- --out /tmp/big --documents 200 --pages 50 --notes 20000
//! ```
//!
//! `--no-phones` leaves phone numbers out of the prose (see [`Shape::phones`]).
//!
//! Writes `OUT/request.toml` and `OUT/store/`. Used by `benches/pipeline.rs` and
//! `benches/compare-pymupdf.sh`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use sarpack::render::{Block, Layout, Run};

/// A small deterministic generator (xorshift64*), so the corpus is the same on every machine
/// without a dependency.
pub struct Random(u64);

impl Random {
    pub fn new(seed: u64) -> Random {
        Random(seed.max(1))
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const FORENAMES: &[&str] = &[
    "Sharon", "Darren", "Zofia", "Siobhán", "Tyler", "Amira", "Chidi", "Bogdan", "Aisha", "Liam",
    "Megan", "Tomasz", "Fatima", "Kwame", "Niamh", "Ravi", "Leah", "Callum", "Hodan", "Ioana",
    "Bethany", "Marek", "Precious", "Declan", "Yusuf", "Grace", "Connor", "Ewa", "Tariq",
    "Shannon",
];
const SURNAMES: &[&str] = &[
    "Pike",
    "Wiśniewska",
    "O'Brien",
    "Okonkwo-Ade",
    "Hussain",
    "Popescu",
    "Mensah",
    "Kowalski",
    "Farah",
    "Doherty",
    "Begum",
    "Nowak",
    "Adeyemi",
    "McAllister",
    "Iqbal",
    "Lewandowski",
    "Osei",
    "Kelly",
    "Ahmed",
    "Thompson",
    "Walsh",
    "Mahmood",
    "Brennan",
    "Ali",
    "Evans",
];
const STREETS: &[&str] = &[
    "Mill Lane",
    "Station Road",
    "Church Street",
    "Victoria Road",
    "Park Avenue",
    "Queens Road",
    "Elm Grove",
    "High Street",
    "Albert Terrace",
    "Moor Lane",
];
const PROSE: &[&str] = &[
    "Jade was seen at the placement and spoke about her week at school and her plans for the summer.",
    "The visit took place in the lounge; the home was warm, clean and well stocked with food.",
    "Jade said she felt settled and that she wanted to keep seeing her friends from the youth club.",
    "We discussed the care plan, contact arrangements and the support available from the leaving care team.",
    "Her health needs are met; she is registered with a GP and dentist and attends appointments.",
    "The social worker explained the outcome of the review and Jade agreed with the actions recorded.",
    "Jade was quiet at first but became more talkative when we walked to the shop together.",
    "School reports good attendance this term and progress in English and art.",
    "The pathway plan was updated with Jade's wishes about education, training and accommodation.",
    "Management oversight: the plan remains appropriate; next review in six weeks.",
];

pub struct Person {
    pub id: String,
    pub name: String,
    pub category: &'static str,
    pub phone: String,
    pub address: String,
}

/// The register: the subject, `third_parties` third parties and a few professionals.
pub fn people(random: &mut Random, third_parties: usize) -> Vec<Person> {
    let mut people = vec![Person {
        id: "P001".into(),
        name: "Jade Carter".into(),
        category: "subject",
        phone: "07700 900001".into(),
        address: "4 Rose Court, Northtown NT1 1AA".into(),
    }];
    let mut used = std::collections::BTreeSet::new();
    while people.len() < third_parties + 1 {
        let name = format!("{} {}", random.pick(FORENAMES), random.pick(SURNAMES));
        if !used.insert(name.clone()) {
            continue;
        }
        let n = people.len();
        people.push(Person {
            id: format!("P{:03}", n + 1),
            name,
            category: "third-party",
            phone: format!("07700 9{:05}", 10_000 + n * 37),
            address: format!(
                "{} {}, Northtown NT{} {}BB",
                1 + random.below(120),
                random.pick(STREETS),
                1 + random.below(9),
                1 + random.below(9)
            ),
        });
    }
    for (index, name) in ["Kevin Osei", "Priya Shah", "Tom Reed", "Ann Lowe"]
        .into_iter()
        .enumerate()
    {
        people.push(Person {
            id: format!("S{:03}", index + 1),
            name: name.into(),
            category: "professional",
            phone: String::new(),
            address: String::new(),
        });
    }
    people
}

/// A paragraph of Word-like prose, with a third party's name, phone or address about one
/// sentence in four.
fn paragraph(random: &mut Random, third: &[&Person], phones: bool) -> String {
    let mut text = String::new();
    for _ in 0..(3 + random.below(4)) {
        if !text.is_empty() {
            text.push(' ');
        }
        let sentence = *random.pick(PROSE);
        text.push_str(sentence);
        if random.below(4) == 0 {
            let person = random.pick(third);
            let _ = match random.below(3) {
                0 => write!(text, " {} was also present.", person.name),
                1 if phones => write!(text, " Contact was made on {}.", person.phone),
                1 => write!(text, " {} telephoned.", person.name),
                _ => write!(
                    text,
                    " The visit was at {}.",
                    person.address.split(',').next().unwrap_or_default()
                ),
            };
        }
    }
    text
}

fn csv_field(value: &str) -> String {
    if value.contains([',', '"', '\n']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.to_string()
    }
}

/// The sizes of a generated store.
#[derive(Debug, Clone, Copy)]
pub struct Shape {
    pub documents: usize,
    pub pages: usize,
    pub notes: usize,
    pub third_parties: usize,
    pub seed: u64,
    /// Whether prose mentions third parties' phone numbers. Off gives a corpus that sarpack can
    /// pack today: a number wrapped across two lines of a PDF (`07700` / `900123`) is not yet
    /// found by detection, and the verifier then rightly refuses the pack (see
    /// `benches/PERFORMANCE.md`).
    pub phones: bool,
}

/// Writes `out/request.toml` and `out/store/` for `shape`; returns the request path.
pub fn generate(out: &Path, shape: Shape) -> std::io::Result<PathBuf> {
    let mut random = Random::new(shape.seed);
    let store = out.join("store");
    std::fs::create_dir_all(store.join("documents"))?;
    let people = people(&mut random, shape.third_parties);
    let third: Vec<&Person> = people
        .iter()
        .filter(|p| p.category == "third-party")
        .collect();

    let mut csv = String::from("id,name,aliases,dob,role,category,phone,address,consent\n");
    for person in &people {
        let _ = writeln!(
            csv,
            "{},{},,,,{},{},{},",
            person.id,
            csv_field(&person.name),
            person.category,
            csv_field(&person.phone),
            csv_field(&person.address)
        );
    }
    std::fs::write(store.join("people.csv"), csv)?;

    let mut notes =
        String::from("id,date,type,author,agency,restricted,restriction_reason,subjects,text\n");
    for index in 0..shape.notes {
        let date = format!(
            "{}-{:02}-{:02}",
            2010 + random.below(15),
            1 + random.below(12),
            1 + random.below(28)
        );
        let kind = *random.pick(&[
            "Home visit",
            "Phone call",
            "Text message",
            "Email",
            "Meeting",
        ]);
        let text = paragraph(&mut random, &third, shape.phones);
        let _ = writeln!(
            notes,
            "CN{index:06},{date},{kind},Kevin Osei,,false,,P001,{}",
            csv_field(&text)
        );
    }
    std::fs::write(store.join("case-notes.csv"), notes)?;

    let mut register =
        String::from("path,date,title,type,author,agency,restricted,restriction_reason,subjects\n");
    for index in 0..shape.documents {
        let mut blocks = Vec::new();
        for page in 0..shape.pages {
            if page > 0 {
                blocks.push(Block::PageBreak);
            }
            blocks.push(Block::Heading(format!("Assessment section {}", page + 1)));
            // About a page of prose: 7 paragraphs of 3–6 sentences.
            for _ in 0..7 {
                blocks.push(Block::Paragraph(vec![Run::Text(paragraph(
                    &mut random,
                    &third,
                    shape.phones,
                ))]));
            }
        }
        let (bytes, _) = sarpack::render::render(&Layout {
            blocks,
            landscape: false,
        })
        .map_err(std::io::Error::other)?;
        let path = format!("documents/assessment-{index:05}.pdf");
        std::fs::write(store.join(&path), bytes)?;
        let _ = writeln!(
            register,
            "{path},2020-01-{:02},Assessment {index},Assessment,Kevin Osei,,false,,P001",
            1 + index % 28
        );
    }
    std::fs::write(store.join("documents.csv"), register)?;

    let request = out.join("request.toml");
    std::fs::write(
        &request,
        r#"reference = "SAR-BENCH-0001"
kind = "subject-access"
received = "2026-10-30"
region = "england-and-wales"
organisation = "Example Borough Council"
[subject]
person_id = "P001"
name = "Jade Carter"
aliases = []
dob = "2004-02-14"
ids = []
[records]
store = "store"
"#,
    )?;
    Ok(request)
}

#[allow(dead_code)]
fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let mut out = PathBuf::from("bench-store");
    let mut shape = Shape {
        documents: 20,
        pages: 50,
        notes: 2000,
        third_parties: 40,
        seed: 7,
        phones: true,
    };
    while let Some(flag) = args.next() {
        let mut value = || args.next().unwrap_or_default();
        match flag.as_str() {
            "--out" => out = PathBuf::from(value()),
            "--documents" => shape.documents = value().parse().unwrap_or(shape.documents),
            "--pages" => shape.pages = value().parse().unwrap_or(shape.pages),
            "--notes" => shape.notes = value().parse().unwrap_or(shape.notes),
            "--people" => shape.third_parties = value().parse().unwrap_or(shape.third_parties),
            "--seed" => shape.seed = value().parse().unwrap_or(shape.seed),
            "--no-phones" => shape.phones = false,
            other => {
                eprintln!("unknown option `{other}`");
                std::process::exit(2);
            }
        }
    }
    let request = generate(&out, shape)?;
    println!("{}", request.display());
    Ok(())
}
