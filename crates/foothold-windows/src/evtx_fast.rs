//! Reading a record's JSON without building a `serde_json::Value` tree: the System fields
//! are borrowed from the text, and EventData/UserData are flattened straight into the
//! name → text map, with exactly the rules of [`crate::events`]' tree walk (which the
//! tests keep as the reference).
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::value::RawValue;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;

/// The parts of a record that decide and make a [`crate::PersistenceEvent`].
#[derive(Debug, Default)]
pub(crate) struct Parts {
    pub channel: String,
    pub provider: String,
    pub event_id: Option<u32>,
    pub computer: Option<String>,
    pub user_sid: Option<String>,
    /// `System/TimeCreated/@SystemTime` as rendered (seven fractional digits).
    pub time_created: Option<String>,
    /// `System/EventRecordID`.
    pub record_id: Option<u64>,
    pub data: BTreeMap<String, String>,
}

#[derive(Deserialize)]
struct Rec<'a> {
    #[serde(rename = "Event", borrow)]
    event: Ev<'a>,
}

#[derive(Deserialize)]
struct Ev<'a> {
    #[serde(rename = "System", borrow)]
    system: Sys<'a>,
    #[serde(rename = "EventData", borrow, default)]
    event_data: Option<&'a RawValue>,
    #[serde(rename = "UserData", borrow, default)]
    user_data: Option<&'a RawValue>,
}

#[derive(Deserialize)]
struct Sys<'a> {
    #[serde(rename = "Channel", borrow, default)]
    channel: Option<&'a RawValue>,
    #[serde(rename = "Provider", borrow, default)]
    provider: Option<Attrs<'a>>,
    #[serde(rename = "EventID", borrow, default)]
    event_id: Option<&'a RawValue>,
    #[serde(rename = "Computer", borrow, default)]
    computer: Option<&'a RawValue>,
    #[serde(rename = "Security", borrow, default)]
    security: Option<Attrs<'a>>,
    #[serde(rename = "TimeCreated", borrow, default)]
    time_created: Option<Attrs<'a>>,
    #[serde(rename = "EventRecordID", borrow, default)]
    event_record_id: Option<&'a RawValue>,
}

#[derive(Deserialize)]
struct Attrs<'a> {
    #[serde(rename = "#attributes", borrow, default)]
    attributes: Option<BTreeMap<Cow<'a, str>, &'a RawValue>>,
}

impl Attrs<'_> {
    fn get(&self, name: &str) -> Option<String> {
        text_of(self.attributes.as_ref()?.get(name)?)
    }
}

/// A value as text, by the tree walk's rules (`#text` of an object, arrays joined).
fn text_of(raw: &RawValue) -> Option<String> {
    let mut de = serde_json::Deserializer::from_str(raw.get());
    TextSeed.deserialize(&mut de).ok().flatten()
}

/// Parse one record's JSON. With `light`, EventData/UserData are left unread (the caller
/// decides from channel and ID whether it needs them; see [`fill_data`]).
pub(crate) fn parse(json: &[u8], light: bool) -> Result<(Parts, Option<Raw<'_>>), String> {
    let rec: Rec = serde_json::from_slice(json).map_err(|e| e.to_string())?;
    let s = rec.event.system;
    let mut p = Parts {
        channel: s.channel.and_then(text_of).unwrap_or_default(),
        provider: s.provider.and_then(|a| a.get("Name")).unwrap_or_default(),
        event_id: s.event_id.and_then(text_of).and_then(|t| t.parse().ok()),
        computer: s.computer.and_then(text_of),
        user_sid: s.security.and_then(|a| a.get("UserID")),
        time_created: s.time_created.and_then(|a| a.get("SystemTime")),
        record_id: s
            .event_record_id
            .and_then(text_of)
            .and_then(|t| t.parse().ok()),
        data: BTreeMap::new(),
    };
    let raw = Raw {
        event_data: rec.event.event_data,
        user_data: rec.event.user_data,
    };
    if light {
        return Ok((p, Some(raw)));
    }
    fill_data(&mut p, &raw)?;
    Ok((p, None))
}

/// EventData/UserData not yet read.
pub(crate) struct Raw<'a> {
    event_data: Option<&'a RawValue>,
    user_data: Option<&'a RawValue>,
}

/// Flatten EventData (and every child of UserData) into `p.data`.
pub(crate) fn fill_data(p: &mut Parts, raw: &Raw) -> Result<(), String> {
    if let Some(d) = raw.event_data {
        let mut de = serde_json::Deserializer::from_str(d.get());
        FieldsSeed(&mut p.data)
            .deserialize(&mut de)
            .map_err(|e| e.to_string())?;
    }
    if let Some(u) = raw.user_data {
        let mut de = serde_json::Deserializer::from_str(u.get());
        UserDataSeed(&mut p.data)
            .deserialize(&mut de)
            .map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// `text()`: null → none, string, number and bool as written, object → its `#text`,
/// array → the texts joined with ", ".
struct TextSeed;

impl<'de> DeserializeSeed<'de> for TextSeed {
    type Value = Option<String>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(TextVisitor)
    }
}

struct TextVisitor;

impl<'de> Visitor<'de> for TextVisitor {
    type Value = Option<String>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_none<E>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_bool<E>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Self::Value, E> {
        Ok(Some(
            serde_json::Number::from_f64(v).map_or_else(|| v.to_string(), |n| n.to_string()),
        ))
    }
    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
        Ok(Some(v))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut parts = Vec::new();
        while let Some(t) = seq.next_element_seed(TextSeed)? {
            if let Some(t) = t {
                parts.push(t);
            }
        }
        Ok(Some(parts.join(", ")))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut out = None;
        while let Some(k) = map.next_key::<Cow<str>>()? {
            if k == "#text" {
                out = map.next_value_seed(TextSeed)?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(out)
    }
}

/// One field's value: an object without `#text` is a group whose members are fields
/// themselves; anything else is the field's text.
enum Field {
    Text(Option<String>),
    Group(Vec<(String, Option<String>)>),
}

struct FieldSeed;

impl<'de> DeserializeSeed<'de> for FieldSeed {
    type Value = Field;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(FieldVisitor)
    }
}

struct FieldVisitor;

macro_rules! scalar_as_text {
    ($($name:ident: $t:ty),*) => {$(
        fn $name<E: de::Error>(self, v: $t) -> Result<Self::Value, E> {
            TextVisitor.$name(v).map(Field::Text)
        }
    )*};
}

impl<'de> Visitor<'de> for FieldVisitor {
    type Value = Field;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }
    scalar_as_text!(visit_bool: bool, visit_i64: i64, visit_u64: u64, visit_f64: f64, visit_str: &str, visit_string: String);
    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(Field::Text(None))
    }
    fn visit_none<E>(self) -> Result<Self::Value, E> {
        Ok(Field::Text(None))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        TextVisitor.visit_seq(seq).map(Field::Text)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut members = Vec::new();
        let mut text = None;
        let mut has_text = false;
        while let Some(k) = map.next_key::<Cow<str>>()? {
            if k == "#text" {
                has_text = true;
                text = map.next_value_seed(TextSeed)?;
            } else if k == "#attributes" {
                map.next_value::<IgnoredAny>()?;
            } else {
                members.push((k.into_owned(), map.next_value_seed(TextSeed)?));
            }
        }
        Ok(if has_text {
            Field::Text(text)
        } else {
            Field::Group(members)
        })
    }
}

/// An EventData object (or one child of UserData) into the field map.
struct FieldsSeed<'m>(&'m mut BTreeMap<String, String>);

impl<'de> DeserializeSeed<'de> for FieldsSeed<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for FieldsSeed<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an EventData object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(k) = map.next_key::<Cow<str>>()? {
            if k == "#attributes" {
                map.next_value::<IgnoredAny>()?;
                continue;
            }
            match map.next_value_seed(FieldSeed)? {
                Field::Text(Some(t)) => {
                    self.0.insert(k.into_owned(), t);
                }
                Field::Text(None) => {}
                Field::Group(members) => {
                    for (k2, t) in members {
                        if let Some(t) = t {
                            self.0.insert(k2, t);
                        }
                    }
                }
            }
        }
        Ok(())
    }
    // Anything that is not an object holds no named fields.
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_none<E>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(())
    }
}

/// UserData: each child object is read like EventData.
struct UserDataSeed<'m>(&'m mut BTreeMap<String, String>);

impl<'de> DeserializeSeed<'de> for UserDataSeed<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for UserDataSeed<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a UserData object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while map.next_key::<IgnoredAny>()?.is_some() {
            map.next_value_seed(FieldsSeed(&mut *self.0))?;
        }
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(())
    }
}
