//! UK bank holidays for England and Wales, Scotland and Northern Ireland: computed from the
//! statutory rules for 2000 to 2100, or read from GOV.UK's `bank-holidays.json`, which takes
//! precedence for the years it covers (per division). The deadline engine asks a [`Calendar`]
//! whether a day is a working day.
//!
//! # The rules
//!
//! Banking and Financial Dealings Act 1971, Schedule 1 (as amended), plus the days set each year
//! by Royal Proclamation (reference `uk-sar-law-and-practice.md` §1.10):
//!
//! | Holiday | England and Wales | Scotland | Northern Ireland |
//! |---|---|---|---|
//! | New Year's Day, 1 January | ✓ | ✓ | ✓ |
//! | 2 January | – | ✓ | – |
//! | St Patrick's Day, 17 March | – | – | ✓ |
//! | Good Friday (Easter by the Gregorian computus) | ✓ | ✓ | ✓ |
//! | Easter Monday | ✓ | – | ✓ |
//! | Early May: first Monday in May | ✓ | ✓ | ✓ |
//! | Spring: last Monday in May | ✓ | ✓ | ✓ |
//! | Battle of the Boyne, 12 July | – | – | ✓ |
//! | Summer: last Monday in August (Scotland: first Monday) | ✓ | ✓ | ✓ |
//! | St Andrew's Day, 30 November (from 2007: St Andrew's Day Bank Holiday (Scotland) Act 2007) | – | ✓ | – |
//! | Christmas Day, Boxing Day | ✓ | ✓ | ✓ |
//!
//! A fixed-date holiday that falls on a Saturday or Sunday is replaced by a substitute day: the
//! next weekday that is not already a bank holiday. That one rule gives every case GOV.UK lists:
//! Christmas on a Saturday gives Monday 27 and Tuesday 28 December; Christmas on a Sunday gives
//! Boxing Day on Monday 26 and the Christmas substitute on Tuesday 27; in Scotland, 1 January on
//! a Sunday gives 2 January on Monday and the New Year substitute on Tuesday 3 January.
//!
//! One-off changes by proclamation, UK-wide: 2002 spring holiday moved to Tuesday 4 June plus the
//! Golden Jubilee on Monday 3 June; 2011 royal wedding, Friday 29 April; 2012 spring holiday moved
//! to Monday 4 June plus the Diamond Jubilee on Tuesday 5 June; 2020 early May holiday moved to
//! Friday 8 May (VE day); 2022 spring holiday moved to Thursday 2 June plus the Platinum Jubilee
//! on Friday 3 June and the State Funeral of Queen Elizabeth II on Monday 19 September; 2023
//! coronation of King Charles III, Monday 8 May. Later proclamations are not known here: load the
//! GOV.UK file to pick them up.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use jiff::ToSpan;
use jiff::civil::{Date, Weekday};
use serde::{Deserialize, Serialize};

use super::DeadlineError;
use crate::model::Region;

/// The first year the computed tables cover.
pub const FIRST_COMPUTED_YEAR: i16 = 2000;
/// The last year the computed tables cover.
pub const LAST_COMPUTED_YEAR: i16 = 2100;

/// One bank holiday, as GOV.UK lists it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct BankHoliday {
    pub date: Date,
    pub title: String,
    /// A substitute day for a holiday that fell on a weekend.
    pub substitute: bool,
}

/// Easter Sunday in the Gregorian calendar (the anonymous "Meeus/Jones/Butcher" computus).
pub fn easter_sunday(year: i16) -> Date {
    let y = i32::from(year);
    let a = y % 19;
    let b = y / 100;
    let c = y % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    // The computus always yields a day in March or April.
    Date::new(year, month as i8, day as i8).expect("Easter falls in March or April")
}

fn day(year: i16, month: i8, day: i8) -> Date {
    Date::new(year, month, day).expect("a fixed holiday date exists in every year")
}

fn nth_monday(year: i16, month: i8, nth: i8) -> Date {
    day(year, month, 1)
        .nth_weekday_of_month(nth, Weekday::Monday)
        .expect("every month has a first and a last Monday")
}

fn is_weekend(date: Date) -> bool {
    matches!(date.weekday(), Weekday::Saturday | Weekday::Sunday)
}

/// The bank holidays of `region` in `year`, computed from the rules in the module documentation.
/// `None` outside 2000 to 2100 (the years the rules and proclamations here are checked for).
pub fn computed(region: Region, year: i16) -> Option<Vec<BankHoliday>> {
    if !(FIRST_COMPUTED_YEAR..=LAST_COMPUTED_YEAR).contains(&year) {
        return None;
    }
    let scotland = region == Region::Scotland;
    let northern_ireland = region == Region::NorthernIreland;
    let easter = easter_sunday(year);

    // Fixed dates: replaced by a substitute day when they fall on a weekend. Order matters for
    // substitutes (Christmas before Boxing Day, 1 before 2 January).
    let mut fixed: Vec<(Date, &str)> = vec![(day(year, 1, 1), "New Year’s Day")];
    if scotland {
        fixed.push((day(year, 1, 2), "2nd January"));
    }
    if northern_ireland {
        fixed.push((day(year, 3, 17), "St Patrick’s Day"));
        fixed.push((day(year, 7, 12), "Battle of the Boyne (Orangemen’s Day)"));
    }
    if scotland && year >= 2007 {
        fixed.push((day(year, 11, 30), "St Andrew’s Day"));
    }
    fixed.push((day(year, 12, 25), "Christmas Day"));
    fixed.push((day(year, 12, 26), "Boxing Day"));

    // Days that are always weekdays (Good Friday, Mondays, proclaimed days).
    let mut weekdays: Vec<(Date, &str)> = vec![(
        easter
            .checked_sub(2.days())
            .expect("Good Friday is in range"),
        "Good Friday",
    )];
    if !scotland {
        weekdays.push((
            easter
                .checked_add(1.day())
                .expect("Easter Monday is in range"),
            "Easter Monday",
        ));
    }
    weekdays.push(match year {
        2020 => (day(2020, 5, 8), "Early May bank holiday (VE day)"),
        _ => (nth_monday(year, 5, 1), "Early May bank holiday"),
    });
    weekdays.push(match year {
        2002 => (day(2002, 6, 4), "Spring bank holiday"),
        2012 => (day(2012, 6, 4), "Spring bank holiday"),
        2022 => (day(2022, 6, 2), "Spring bank holiday"),
        _ => (nth_monday(year, 5, -1), "Spring bank holiday"),
    });
    weekdays.push((
        nth_monday(year, 8, if scotland { 1 } else { -1 }),
        "Summer bank holiday",
    ));
    let proclaimed: &[(Date, &str)] = match year {
        2002 => &[(day(2002, 6, 3), "Golden Jubilee bank holiday")],
        2011 => &[(day(2011, 4, 29), "Royal wedding bank holiday")],
        2012 => &[(day(2012, 6, 5), "Queen’s Diamond Jubilee")],
        2022 => &[
            (day(2022, 6, 3), "Platinum Jubilee bank holiday"),
            (
                day(2022, 9, 19),
                "Bank Holiday for the State Funeral of Queen Elizabeth II",
            ),
        ],
        2023 => &[(
            day(2023, 5, 8),
            "Bank holiday for the coronation of King Charles III",
        )],
        _ => &[],
    };
    weekdays.extend_from_slice(proclaimed);

    let mut holidays: Vec<BankHoliday> = Vec::new();
    let mut taken: BTreeSet<Date> = BTreeSet::new();
    for (date, title) in weekdays
        .iter()
        .chain(fixed.iter())
        .filter(|(date, _)| !is_weekend(*date))
    {
        taken.insert(*date);
        holidays.push(BankHoliday {
            date: *date,
            title: title.to_string(),
            substitute: false,
        });
    }
    for (date, title) in fixed.iter().filter(|(date, _)| is_weekend(*date)) {
        let mut substitute = *date;
        while is_weekend(substitute) || taken.contains(&substitute) {
            substitute = substitute
                .tomorrow()
                .expect("substitute days stay within the year range");
        }
        taken.insert(substitute);
        holidays.push(BankHoliday {
            date: substitute,
            title: title.to_string(),
            substitute: true,
        });
    }
    holidays.sort();
    Some(holidays)
}

// ---------------------------------------------------------------------------------------------
// GOV.UK bank-holidays.json
// ---------------------------------------------------------------------------------------------

#[derive(Deserialize)]
struct RawDivision {
    events: Vec<RawEvent>,
}

#[derive(Deserialize)]
struct RawEvent {
    title: String,
    date: String,
    #[serde(default)]
    notes: String,
}

/// A GOV.UK `bank-holidays.json` file (`https://www.gov.uk/bank-holidays.json`): for each
/// division, the bank holidays of the years it lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HolidayFile {
    pub path: PathBuf,
    divisions: BTreeMap<Region, BTreeMap<i16, Vec<BankHoliday>>>,
}

impl HolidayFile {
    /// Reads and parses `path`; every error names the file.
    pub fn load(path: &Path) -> Result<HolidayFile, DeadlineError> {
        let text = std::fs::read_to_string(path).map_err(|source| DeadlineError::ReadHolidays {
            path: path.to_path_buf(),
            source,
        })?;
        HolidayFile::parse(&text, path)
    }

    /// Parses the text of a GOV.UK file; `path` is used in messages.
    pub fn parse(text: &str, path: &Path) -> Result<HolidayFile, DeadlineError> {
        let bad = |message: String| DeadlineError::HolidayFile {
            path: path.to_path_buf(),
            message,
        };
        let raw: BTreeMap<String, RawDivision> =
            serde_json::from_str(text).map_err(|error| bad(error.to_string()))?;
        let mut divisions = BTreeMap::new();
        for (key, division) in raw {
            let region: Region = key.parse().map_err(|_| {
                bad(format!(
                    "`{key}` is not a division (expected england-and-wales, scotland or northern-ireland)"
                ))
            })?;
            let mut years: BTreeMap<i16, Vec<BankHoliday>> = BTreeMap::new();
            for (index, event) in division.events.into_iter().enumerate() {
                let date = parse_iso_date(&event.date).ok_or_else(|| {
                    bad(format!(
                        "`{key}` event {index}: `{}` is not a date (dates are YYYY-MM-DD)",
                        event.date
                    ))
                })?;
                years.entry(date.year()).or_default().push(BankHoliday {
                    date,
                    title: event.title.trim().to_string(),
                    substitute: event.notes.to_lowercase().contains("substitute"),
                });
            }
            for holidays in years.values_mut() {
                holidays.sort();
                holidays.dedup_by(|a, b| a.date == b.date);
            }
            divisions.insert(region, years);
        }
        if divisions.values().all(BTreeMap::is_empty) {
            return Err(bad("it lists no bank holidays".to_string()));
        }
        Ok(HolidayFile {
            path: path.to_path_buf(),
            divisions,
        })
    }

    /// The years the file covers for `region` (a year is covered when it lists any holiday in it).
    pub fn years(&self, region: Region) -> Vec<i16> {
        self.divisions
            .get(&region)
            .map(|years| years.keys().copied().collect())
            .unwrap_or_default()
    }

    /// The holidays the file lists for `region` in `year`, if it covers that year.
    pub fn holidays(&self, region: Region, year: i16) -> Option<&[BankHoliday]> {
        self.divisions
            .get(&region)
            .and_then(|years| years.get(&year))
            .map(Vec::as_slice)
    }
}

fn parse_iso_date(value: &str) -> Option<Date> {
    let well_formed = value.len() == 10
        && value.bytes().enumerate().all(|(index, byte)| match index {
            4 | 7 => byte == b'-',
            _ => byte.is_ascii_digit(),
        });
    if !well_formed {
        return None;
    }
    value.parse().ok()
}

// ---------------------------------------------------------------------------------------------
// The calendar the deadline engine uses
// ---------------------------------------------------------------------------------------------

/// Working days in one region: weekends and bank holidays are not working days. A loaded GOV.UK
/// file wins for the years it covers; other years use the computed tables.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Calendar {
    region: Region,
    loaded: BTreeMap<i16, Vec<BankHoliday>>,
}

impl Calendar {
    /// The computed tables only.
    pub fn computed(region: Region) -> Calendar {
        Calendar {
            region,
            loaded: BTreeMap::new(),
        }
    }

    /// The computed tables, overridden by `file` for the years it covers in `region`.
    pub fn new(region: Region, file: Option<&HolidayFile>) -> Calendar {
        let loaded = file
            .and_then(|file| file.divisions.get(&region))
            .cloned()
            .unwrap_or_default();
        Calendar { region, loaded }
    }

    pub fn region(&self) -> Region {
        self.region
    }

    /// Whether a loaded file supplies `year`.
    pub fn is_loaded(&self, year: i16) -> bool {
        self.loaded.contains_key(&year)
    }

    /// The bank holidays of `year` in this calendar's region.
    pub fn bank_holidays(&self, year: i16) -> Result<Vec<BankHoliday>, DeadlineError> {
        if let Some(holidays) = self.loaded.get(&year) {
            return Ok(holidays.clone());
        }
        computed(self.region, year).ok_or(DeadlineError::NotCovered {
            year,
            region: self.region,
        })
    }

    /// The bank holiday on `date`, if there is one.
    pub fn bank_holiday(&self, date: Date) -> Result<Option<BankHoliday>, DeadlineError> {
        Ok(self
            .bank_holidays(date.year())?
            .into_iter()
            .find(|holiday| holiday.date == date))
    }

    /// Not a Saturday, a Sunday or a bank holiday.
    pub fn is_working_day(&self, date: Date) -> Result<bool, DeadlineError> {
        if is_weekend(date) {
            return Ok(false);
        }
        Ok(self.bank_holiday(date)?.is_none())
    }

    /// `date` if it is a working day, else the next working day (ICO: a deadline on a weekend or
    /// bank holiday "moves to the end of the next working day").
    pub fn on_or_next_working_day(&self, date: Date) -> Result<Date, DeadlineError> {
        let mut day = date;
        while !self.is_working_day(day)? {
            day = day
                .tomorrow()
                .map_err(|_| DeadlineError::OutOfCalendar { date })?;
        }
        Ok(day)
    }

    /// The working days after `from` up to and including `to` (0 when `to <= from`).
    pub fn working_days_after(&self, from: Date, to: Date) -> Result<i64, DeadlineError> {
        let mut count = 0;
        let mut day = from;
        while day < to {
            day = day
                .tomorrow()
                .map_err(|_| DeadlineError::OutOfCalendar { date: from })?;
            if self.is_working_day(day)? {
                count += 1;
            }
        }
        Ok(count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn dates(region: Region, year: i16) -> Vec<Date> {
        computed(region, year)
            .unwrap()
            .into_iter()
            .map(|holiday| holiday.date)
            .collect()
    }

    #[test]
    fn easter_matches_known_dates() {
        // Published Easter Sundays (Church of England tables).
        for (year, month, day) in [
            (2000, 4, 23),
            (2008, 3, 23),
            (2011, 4, 24),
            (2019, 4, 21),
            (2024, 3, 31),
            (2025, 4, 20),
            (2038, 4, 25),
            (2100, 3, 28),
        ] {
            assert_eq!(easter_sunday(year), date(year, month, day), "{year}");
        }
    }

    /// Whole published years before the fixture's: `(year, "MM-DD ...")`.
    fn assert_published(region: Region, published: &[(i16, &str)]) {
        for (year, days) in published {
            let expected: Vec<Date> = days
                .split_whitespace()
                .map(|day| format!("{year}-{day}").parse().unwrap())
                .collect();
            assert_eq!(dates(region, *year), expected, "{region:?} {year}");
        }
    }

    #[test]
    fn england_and_wales_2012_to_2017_as_published() {
        // GOV.UK's england-and-wales feed (archived copy, Fishbowler/workingday-uk).
        assert_published(
            Region::EnglandAndWales,
            &[
                (
                    2012,
                    "01-02 04-06 04-09 05-07 06-04 06-05 08-27 12-25 12-26",
                ),
                (2013, "01-01 03-29 04-01 05-06 05-27 08-26 12-25 12-26"),
                (2014, "01-01 04-18 04-21 05-05 05-26 08-25 12-25 12-26"),
                (2015, "01-01 04-03 04-06 05-04 05-25 08-31 12-25 12-28"),
                (2016, "01-01 03-25 03-28 05-02 05-30 08-29 12-26 12-27"),
                (2017, "01-02 04-14 04-17 05-01 05-29 08-28 12-25 12-26"),
            ],
        );
    }

    #[test]
    fn scotland_2011_to_2015_as_published() {
        // Scottish Government table of bank holidays 2011-2015 (as republished by DirectScot):
        // royal wedding, Diamond Jubilee with the spring holiday moved, New Year and St Andrew's
        // substitutes.
        assert_published(
            Region::Scotland,
            &[
                (
                    2011,
                    "01-03 01-04 04-22 04-29 05-02 05-30 08-01 11-30 12-26 12-27",
                ),
                (
                    2012,
                    "01-02 01-03 04-06 05-07 06-04 06-05 08-06 11-30 12-25 12-26",
                ),
                (
                    2013,
                    "01-01 01-02 03-29 05-06 05-27 08-05 12-02 12-25 12-26",
                ),
                (
                    2014,
                    "01-01 01-02 04-18 05-05 05-26 08-04 12-01 12-25 12-26",
                ),
                (
                    2015,
                    "01-01 01-02 04-03 05-04 05-25 08-03 11-30 12-25 12-28",
                ),
            ],
        );
    }

    #[test]
    fn one_off_proclamations_since_2000() {
        for region in Region::ALL {
            let y2002 = dates(region, 2002);
            assert!(y2002.contains(&date(2002, 6, 3)) && y2002.contains(&date(2002, 6, 4)));
            assert!(!y2002.contains(&date(2002, 5, 27)));
            assert!(dates(region, 2011).contains(&date(2011, 4, 29)));
            let y2020 = dates(region, 2020);
            assert!(y2020.contains(&date(2020, 5, 8)) && !y2020.contains(&date(2020, 5, 4)));
            assert!(dates(region, 2023).contains(&date(2023, 5, 8)));
        }
    }

    #[test]
    fn st_andrews_day_starts_in_2007() {
        assert!(!dates(Region::Scotland, 2006).contains(&date(2006, 11, 30)));
        assert!(dates(Region::Scotland, 2007).contains(&date(2007, 11, 30)));
        // 30 November 2008 was a Sunday: Monday 1 December.
        assert!(dates(Region::Scotland, 2008).contains(&date(2008, 12, 1)));
    }

    #[test]
    fn substitute_days() {
        // Christmas on a Saturday (2021), a Sunday (2022), a Friday (2026).
        let y2021 = dates(Region::EnglandAndWales, 2021);
        assert!(y2021.contains(&date(2021, 12, 27)) && y2021.contains(&date(2021, 12, 28)));
        let y2022 = dates(Region::EnglandAndWales, 2022);
        assert!(y2022.contains(&date(2022, 12, 26)) && y2022.contains(&date(2022, 12, 27)));
        assert!(dates(Region::EnglandAndWales, 2026).contains(&date(2026, 12, 28)));
        // Scotland, 1 January on a Saturday (2022), a Sunday (2023), a Friday (2027).
        let s2022 = dates(Region::Scotland, 2022);
        assert!(s2022.contains(&date(2022, 1, 3)) && s2022.contains(&date(2022, 1, 4)));
        let s2023 = dates(Region::Scotland, 2023);
        assert!(s2023.contains(&date(2023, 1, 2)) && s2023.contains(&date(2023, 1, 3)));
        assert!(dates(Region::Scotland, 2027).contains(&date(2027, 1, 4)));
    }

    #[test]
    fn computed_tables_stop_at_the_documented_range() {
        assert!(computed(Region::Scotland, 1999).is_none());
        assert!(computed(Region::Scotland, 2101).is_none());
        let calendar = Calendar::computed(Region::Scotland);
        let error = calendar.is_working_day(date(1999, 6, 1)).unwrap_err();
        assert!(error.to_string().contains("1999"), "{error}");
    }

    #[test]
    fn every_computed_holiday_is_a_weekday_and_unique() {
        for region in Region::ALL {
            for year in FIRST_COMPUTED_YEAR..=LAST_COMPUTED_YEAR {
                let days = dates(region, year);
                let unique: BTreeSet<Date> = days.iter().copied().collect();
                assert_eq!(unique.len(), days.len(), "{region:?} {year}");
                assert!(
                    days.iter().all(|day| !is_weekend(*day)),
                    "{region:?} {year}"
                );
            }
        }
    }

    #[test]
    fn loaded_file_wins_for_its_years_only() {
        let text = r#"{"scotland":{"division":"scotland","events":[
            {"title":"Local day","date":"2026-06-15","notes":"","bunting":false}]}}"#;
        let file = HolidayFile::parse(text, Path::new("bh.json")).unwrap();
        let calendar = Calendar::new(Region::Scotland, Some(&file));
        assert!(!calendar.is_working_day(date(2026, 6, 15)).unwrap());
        // 2026 comes from the file alone: St Andrew's Day is not in it.
        assert!(calendar.is_working_day(date(2026, 11, 30)).unwrap());
        // 2027 is not covered: computed.
        assert!(!calendar.is_working_day(date(2027, 11, 30)).unwrap());
        // Other divisions are untouched.
        let england = Calendar::new(Region::EnglandAndWales, Some(&file));
        assert!(england.is_working_day(date(2026, 6, 15)).unwrap());
    }

    #[test]
    fn bad_files_name_the_file() {
        for text in [
            "not json",
            r#"{"wales":{"events":[]}}"#,
            r#"{"scotland":{"events":[{"title":"x","date":"2026-02-30"}]}}"#,
            r#"{"scotland":{"events":[]}}"#,
        ] {
            let error = HolidayFile::parse(text, Path::new("dir/bh.json")).unwrap_err();
            assert!(error.to_string().contains("dir/bh.json"), "{error}");
        }
    }
}
