//! A rule's options: a typed struct per rule, declared with [`declare_options!`] next to the
//! check that reads its fields. The struct is deserialised with serde from the rule's section of
//! `xibu.toml`; a field that does not exist does not compile, and a key that does not exist in
//! `xibu.toml` is refused with its line (see [`super::settings`]).

use std::any::Any;
use std::fmt::Debug;

use rust_decimal::Decimal;
use serde::de::{DeserializeOwned, Error as _};
use serde::{Deserialize, Deserializer};

use crate::messages::Lang;
use crate::province::Province;

/// One option's key and the sentence that documents it: the field's doc comment, and its
/// `#[zh = "…"]` line in Chinese.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OptionDoc {
    pub key: &'static str,
    pub doc: &'static str,
    pub doc_zh: &'static str,
}

impl OptionDoc {
    /// The sentence in a language, as `xibu explain` shows it.
    pub fn text(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Zh => self.doc_zh.trim(),
            Lang::En => self.doc.trim(),
        }
    }
}

/// A value an option can hold: read from TOML with a message saying what was expected, written
/// back as the TOML literal `config init` prints, and shown in a title (`70%`, `80 万元`).
pub trait OptionValue: Sized {
    fn from_toml(value: &toml::Value) -> Result<Self, String>;
    fn literal(&self) -> String;
    fn show(&self, _lang: Lang) -> String {
        self.literal()
    }
}

/// Deserialises an [`OptionValue`] through its own reader, so that serde's error carries the
/// message `from_toml` wrote.
fn via_toml<'de, D: Deserializer<'de>, T: OptionValue>(d: D) -> Result<T, D::Error> {
    let value = toml::Value::deserialize(d)?;
    T::from_toml(&value).map_err(D::Error::custom)
}

fn decimal(value: &toml::Value) -> Result<Decimal, String> {
    let d = match value {
        toml::Value::Integer(i) => Decimal::from(*i),
        // TOML floats are binary; their shortest decimal text is what the user wrote.
        toml::Value::Float(f) => f
            .to_string()
            .parse::<Decimal>()
            .map_err(|_| format!("{f} is not a number xibu can use"))?,
        toml::Value::String(s) => s
            .trim()
            .parse::<Decimal>()
            .map_err(|_| format!("{s:?} is not a number"))?,
        other => return Err(format!("expected a number, found {}", other.type_str())),
    };
    if d.is_sign_negative() {
        return Err("expected a number of 0 or more".to_string());
    }
    Ok(d)
}

/// A percentage such as `70` or `66.5`, read exactly; at most 100.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Percent(pub Decimal);

impl Percent {
    pub const fn whole(n: i64) -> Percent {
        Percent(Decimal::from_parts(n as u32, 0, 0, false, 0))
    }
}

impl OptionValue for Percent {
    fn from_toml(value: &toml::Value) -> Result<Percent, String> {
        let d = decimal(value)?;
        if d > Decimal::ONE_HUNDRED {
            return Err("a percentage is at most 100".to_string());
        }
        Ok(Percent(d))
    }
    fn literal(&self) -> String {
        self.0.normalize().to_string()
    }
    fn show(&self, _lang: Lang) -> String {
        format!("{}%", self.0.normalize())
    }
}

/// An amount in 元, read exactly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Amount(pub Decimal);

impl Amount {
    pub const fn yuan(n: u32) -> Amount {
        Amount(Decimal::from_parts(n, 0, 0, false, 0))
    }
}

impl OptionValue for Amount {
    fn from_toml(value: &toml::Value) -> Result<Amount, String> {
        decimal(value).map(Amount)
    }
    fn literal(&self) -> String {
        self.0.normalize().to_string()
    }
    /// `80 万元` / `800,000 yuan`.
    fn show(&self, lang: Lang) -> String {
        let n = self.0.normalize();
        match lang {
            Lang::Zh if !n.is_zero() && (n % Decimal::from(10_000)).is_zero() => {
                format!("{} 万元", (n / Decimal::from(10_000)).normalize())
            }
            Lang::Zh => format!("{n} 元"),
            Lang::En => format!("{} yuan", thousands(&n.to_string())),
        }
    }
}

fn thousands(digits: &str) -> String {
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if !frac.is_empty() {
        out.push('.');
        out.push_str(frac);
    }
    out
}

/// A whole number of days, 0 to 3650.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Days(pub i64);

impl OptionValue for Days {
    fn from_toml(value: &toml::Value) -> Result<Days, String> {
        match value {
            toml::Value::Integer(i) if (0..=3650).contains(i) => Ok(Days(*i)),
            toml::Value::Integer(_) => Err("expected a number of days from 0 to 3650".into()),
            other => Err(format!(
                "expected a whole number of days, found {}",
                other.type_str()
            )),
        }
    }
    fn literal(&self) -> String {
        self.0.to_string()
    }
}

/// A whole number from 0 to 100: years (P01's youngest age), months (T02's shortest term).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Count(pub u32);

impl OptionValue for Count {
    fn from_toml(value: &toml::Value) -> Result<Count, String> {
        match value {
            toml::Value::Integer(i) => u32::try_from(*i)
                .ok()
                .filter(|y| *y <= 100)
                .map(Count)
                .ok_or_else(|| "expected a whole number from 0 to 100".into()),
            other => Err(format!(
                "expected a whole number, found {}",
                other.type_str()
            )),
        }
    }
    fn literal(&self) -> String {
        self.0.to_string()
    }
}

impl OptionValue for bool {
    fn from_toml(value: &toml::Value) -> Result<bool, String> {
        match value {
            toml::Value::Boolean(b) => Ok(*b),
            other => Err(format!(
                "expected true or false, found {}",
                other.type_str()
            )),
        }
    }
    fn literal(&self) -> String {
        self.to_string()
    }
}

/// A list of provinces, by any spelling `Province::parse` accepts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Provinces(pub Vec<Province>);

impl Provinces {
    /// Every province and 兵团: the default of the rules that come from one province's plan.
    pub fn every() -> Provinces {
        Provinces(Province::ALL.to_vec())
    }

    /// The same provinces as a set, for the rules to ask of every record.
    pub fn set(&self) -> ProvinceSet {
        ProvinceSet(self.0.iter().fold(0, |set, &p| set | 1 << p as u32))
    }
}

/// Provinces as one bit each (there are 32): whether a record is covered is one test, where the
/// list of every province was searched at each record by three rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProvinceSet(u32);

impl ProvinceSet {
    /// Whether a record's 服务省份 is one of these; a row without one is covered, so that the
    /// rule's own handling of it (or E01) decides.
    pub fn covers(self, record: &crate::roster::Record) -> bool {
        record
            .service_province
            .get()
            .is_none_or(|p| self.0 >> p as u32 & 1 == 1)
    }
}

impl OptionValue for Provinces {
    fn from_toml(value: &toml::Value) -> Result<Provinces, String> {
        let mut provinces = Vec::new();
        for w in string_list(value)? {
            provinces.push(Province::parse(&w).map_err(|e| e.to_string())?);
        }
        Ok(Provinces(provinces))
    }
    fn literal(&self) -> String {
        list(self.0.iter().map(|p| p.name()))
    }
}

/// A list of words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Words(pub Vec<String>);

impl OptionValue for Words {
    fn from_toml(value: &toml::Value) -> Result<Words, String> {
        string_list(value).map(Words)
    }
    fn literal(&self) -> String {
        list(self.0.iter().map(String::as_str))
    }
}

fn list<'a>(items: impl Iterator<Item = &'a str>) -> String {
    format!(
        "[{}]",
        items
            .map(|w| format!("{w:?}"))
            .collect::<Vec<_>>()
            .join(", ")
    )
}

fn string_list(value: &toml::Value) -> Result<Vec<String>, String> {
    let toml::Value::Array(items) = value else {
        return Err(format!(
            "expected a list of strings, found {}",
            value.type_str()
        ));
    };
    items
        .iter()
        .map(|v| match v {
            toml::Value::String(s) if !s.trim().is_empty() => Ok(s.trim().to_string()),
            toml::Value::String(_) => Err("the list has an empty string".to_string()),
            other => Err(format!(
                "expected a list of strings, found {} in it",
                other.type_str()
            )),
        })
        .collect()
}

macro_rules! impl_deserialize {
    ($($t:ty),*) => {$(
        impl<'de> Deserialize<'de> for $t {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<$t, D::Error> {
                via_toml(d)
            }
        }
    )*};
}
impl_deserialize!(Percent, Amount, Days, Count, Provinces, Words);

/// What every options struct offers; [`declare_options!`] implements it.
pub trait Options:
    Default + Clone + Debug + PartialEq + DeserializeOwned + Send + Sync + 'static
{
    /// Each field's key and doc comment, in declaration order.
    const DOCS: &'static [OptionDoc];
    /// Each field as a TOML literal, in declaration order.
    fn literals(&self) -> Vec<(&'static str, String)>;
    /// A field as a title shows it (`70%`), by key.
    fn show(&self, key: &str, lang: Lang) -> Option<String>;
}

/// Declares a rule's options struct: each field with its doc comment, the same sentence in
/// Chinese (`#[zh = "…"]`, required: `xibu explain` speaks Chinese by default), type and default.
///
/// ```ignore
/// declare_options! {
///     pub struct Options {
///         /// the largest share of new recruits that may come from the service province itself
///         #[zh = "新招募志愿者中本省招募的最大比例"]
///         limit_percent: Percent = Percent::whole(70),
///     }
/// }
/// ```
#[macro_export]
macro_rules! declare_options {
    (pub struct $name:ident { $( $(#[doc = $doc:literal])+ #[zh = $zh:literal] $field:ident : $ty:ty = $default:expr ),* $(,)? }) => {
        #[derive(Debug, Clone, PartialEq, serde::Deserialize)]
        #[serde(default, deny_unknown_fields)]
        pub struct $name {
            $( $(#[doc = $doc])+ pub $field: $ty, )*
        }

        impl Default for $name {
            fn default() -> $name {
                $name { $( $field: $default, )* }
            }
        }

        impl $crate::rules::options::Options for $name {
            const DOCS: &'static [$crate::rules::options::OptionDoc] = &[
                $( $crate::rules::options::OptionDoc {
                    key: stringify!($field),
                    doc: concat!($($doc),+),
                    doc_zh: $zh,
                }, )*
            ];

            fn literals(&self) -> Vec<(&'static str, String)> {
                vec![ $( (stringify!($field),
                    $crate::rules::options::OptionValue::literal(&self.$field)), )* ]
            }

            #[allow(unused_variables)]
            fn show(&self, key: &str, lang: $crate::messages::Lang) -> Option<String> {
                match key {
                    $( stringify!($field) =>
                        Some($crate::rules::options::OptionValue::show(&self.$field, lang)), )*
                    _ => None,
                }
            }
        }
    };
}

declare_options! {
    pub struct NoOptions {}
}

/// A rule's options with their type erased, so that the catalog can hold every rule's.
pub trait AnyOptions: Debug + Send + Sync {
    fn docs(&self) -> &'static [OptionDoc];
    fn literals(&self) -> Vec<(&'static str, String)>;
    fn show(&self, key: &str, lang: Lang) -> Option<String>;
    fn clone_box(&self) -> Box<dyn AnyOptions>;
    fn as_any(&self) -> &dyn Any;
}

impl<T: Options> AnyOptions for T {
    fn docs(&self) -> &'static [OptionDoc] {
        T::DOCS
    }
    fn literals(&self) -> Vec<(&'static str, String)> {
        Options::literals(self)
    }
    fn show(&self, key: &str, lang: Lang) -> Option<String> {
        Options::show(self, key, lang)
    }
    fn clone_box(&self) -> Box<dyn AnyOptions> {
        Box::new(self.clone())
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// How the catalog makes and reads one rule's options without knowing their type.
#[derive(Clone, Copy)]
pub struct OptionsKind {
    pub docs: &'static [OptionDoc],
    pub defaults: fn() -> Box<dyn AnyOptions>,
    /// Reads a table of option keys; the error is serde's message for the first bad value.
    pub parse: fn(toml::Table) -> Result<Box<dyn AnyOptions>, String>,
}

impl OptionsKind {
    pub const fn of<T: Options>() -> OptionsKind {
        OptionsKind {
            docs: T::DOCS,
            defaults: defaults_of::<T>,
            parse: parse_of::<T>,
        }
    }
}

fn defaults_of<T: Options>() -> Box<dyn AnyOptions> {
    Box::new(T::default())
}

fn parse_of<T: Options>(table: toml::Table) -> Result<Box<dyn AnyOptions>, String> {
    T::deserialize(toml::Value::Table(table))
        .map(|t| Box::new(t) as Box<dyn AnyOptions>)
        .map_err(|e| e.message().trim().replace('\n', " "))
}

/// The options a check was built with, as its own type; the declared defaults if the settings
/// hold another rule's options (which the catalog's construction rules out).
pub fn typed<T: Options>(options: &dyn AnyOptions) -> T {
    options
        .as_any()
        .downcast_ref::<T>()
        .cloned()
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_set_covers_exactly_the_provinces_of_its_list() {
        use crate::province::Province;
        use crate::roster::{Field, Record};
        let lists = [
            Vec::new(),
            Province::ALL.to_vec(),
            vec![Province::Xinjiang, Province::Xizang, Province::Bingtuan],
            Province::ALL.iter().copied().step_by(3).collect(),
            vec![Province::ALL[0], Province::ALL[31]],
        ];
        for list in lists {
            let set = Provinces(list.clone()).set();
            for p in Province::ALL {
                let record = Record {
                    service_province: Field::Value(p),
                    ..Record::default()
                };
                assert_eq!(set.covers(&record), list.contains(&p), "{p:?} in {list:?}");
            }
            // A row without a 服务省份 is left to the rule's own handling of it.
            assert!(set.covers(&Record::default()));
            let invalid = Record {
                service_province: Field::Invalid,
                ..Record::default()
            };
            assert!(set.covers(&invalid));
        }
    }

    declare_options! {
        pub struct Sample {
            /// a share
            #[zh = "比例"]
            limit_percent: Percent = Percent::whole(70),
            /// a cover
            #[zh = "保额"]
            min_amount: Amount = Amount::yuan(800_000),
            /// places
            #[zh = "省份"]
            remote: Provinces = Provinces(vec![Province::Xinjiang]),
        }
    }

    #[test]
    fn defaults_docs_and_literals() {
        let s = Sample::default();
        assert_eq!(Sample::DOCS[0].key, "limit_percent");
        assert_eq!(Sample::DOCS[0].doc.trim(), "a share");
        assert_eq!(Sample::DOCS[1].text(Lang::Zh), "保额");
        assert_eq!(Sample::DOCS[1].text(Lang::En), "a cover");
        assert_eq!(
            Options::literals(&s),
            [
                ("limit_percent", "70".to_string()),
                ("min_amount", "800000".to_string()),
                ("remote", "[\"新疆\"]".to_string())
            ]
        );
        assert_eq!(
            Options::show(&s, "min_amount", Lang::Zh).unwrap(),
            "80 万元"
        );
        assert_eq!(
            Options::show(&s, "min_amount", Lang::En).unwrap(),
            "800,000 yuan"
        );
        assert_eq!(Options::show(&s, "limit_percent", Lang::En).unwrap(), "70%");
    }

    #[test]
    fn serde_reads_a_table_and_says_what_was_wrong() {
        let table: toml::Table = toml::from_str("limit_percent = 66.5").unwrap();
        let s = typed::<Sample>(&*(OptionsKind::of::<Sample>().parse)(table).unwrap());
        assert_eq!(s.limit_percent, Percent(Decimal::new(665, 1)));
        assert_eq!(s.min_amount, Amount::yuan(800_000));
        let table: toml::Table = toml::from_str("limit_percent = \"eighty\"").unwrap();
        let err = (OptionsKind::of::<Sample>().parse)(table).unwrap_err();
        assert_eq!(err, "\"eighty\" is not a number");
        let table: toml::Table = toml::from_str("limit_percent = 101").unwrap();
        let err = (OptionsKind::of::<Sample>().parse)(table).unwrap_err();
        assert_eq!(err, "a percentage is at most 100");
    }
}
