//! serde access types over config values: sequences, maps and structs, enums.

use super::de_error::{DeError, DeErrorKind};
use super::decode::{child_field, ValueDe};
use super::value::{ConfKind, ConfValue};
use indexmap::IndexMap;
use serde::de::{self, DeserializeSeed, IntoDeserializer, Visitor};

pub(super) struct SeqAccess<'a, 'p> {
    items: std::slice::Iter<'a, ConfValue>,
    path: &'p str,
    index: usize,
    /// Elements made by splitting a string (decoded before `items`, which is then empty).
    owned: Vec<ConfValue>,
}

impl<'a, 'p> SeqAccess<'a, 'p> {
    /// `owned` holds elements made by splitting a string; `items` the value's own elements.
    pub(super) fn new(items: &'a [ConfValue], path: &'p str, owned: Vec<ConfValue>) -> Self {
        SeqAccess {
            items: items.iter(),
            path,
            index: 0,
            owned,
        }
    }
}

impl<'a> de::SeqAccess<'a> for SeqAccess<'a, '_> {
    type Error = DeError;

    fn next_element_seed<T: DeserializeSeed<'a>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, DeError> {
        let path = format!("{}[{}]", self.path, self.index);
        if self.index < self.owned.len() {
            let item = self.owned[self.index].clone();
            self.index += 1;
            // A split string element is plain text; decode it through an owned copy.
            return decode_owned(seed, item, path).map(Some);
        }
        let Some(item) = self.items.next() else {
            return Ok(None);
        };
        self.index += 1;
        seed.deserialize(ValueDe::new(item, path)).map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.owned.len().saturating_sub(self.index) + self.items.len())
    }
}

/// Decode an owned value with a seed whose output may not borrow from it.
fn decode_owned<'a, T: DeserializeSeed<'a>>(
    seed: T,
    item: ConfValue,
    path: String,
) -> Result<T::Value, DeError> {
    // Split elements are strings; hand them over as owned strings so nothing borrows `item`.
    match item.kind {
        ConfKind::Str(s) => {
            let de: de::value::StringDeserializer<DeError> = s.into_deserializer();
            seed.deserialize(de)
                .map_err(|e| e.at(&path, item.origin.as_ref()))
        }
        _ => Err(
            DeError::new(DeErrorKind::Custom("unexpected element".into()))
                .at(&path, item.origin.as_ref()),
        ),
    }
}

pub(super) struct MapAccess<'a, 'p> {
    map: &'a IndexMap<String, ConfValue>,
    iter: indexmap::map::Iter<'a, String, ConfValue>,
    /// The struct's field names, when decoding a struct.
    fields: Option<&'static [&'static str]>,
    path: &'p str,
    pending: Option<(&'a String, &'a ConfValue)>,
}

impl<'a, 'p> MapAccess<'a, 'p> {
    pub(super) fn new(
        map: &'a IndexMap<String, ConfValue>,
        fields: Option<&'static [&'static str]>,
        path: &'p str,
    ) -> Self {
        MapAccess {
            map,
            iter: map.iter(),
            fields,
            path,
            pending: None,
        }
    }

    fn unknown_keys(&self, fields: &[&str]) -> Vec<String> {
        let mut keys: Vec<String> = self
            .map
            .keys()
            .filter(|k| !fields.contains(&k.as_str()))
            .cloned()
            .collect();
        keys.sort();
        keys
    }
}

impl<'a> de::MapAccess<'a> for MapAccess<'a, '_> {
    type Error = DeError;

    fn next_key_seed<K: DeserializeSeed<'a>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, DeError> {
        let entry = loop {
            let Some((k, v)) = self.iter.next() else {
                return Ok(None);
            };
            // A null struct field keeps its default, as Go leaves the field untouched.
            let skip = self
                .fields
                .is_some_and(|f| is_plain_null(v) && f.contains(&k.as_str()));
            if !skip {
                break (k, v);
            }
        };
        self.pending = Some(entry);
        let (key, value) = entry;
        let key_de: de::value::BorrowedStrDeserializer<'a, DeError> =
            de::value::BorrowedStrDeserializer::new(key.as_str());
        match seed.deserialize(key_de) {
            Ok(k) => Ok(Some(k)),
            Err(e) => {
                let Some(field) = e.unknown_field() else {
                    return Err(e.at(self.path, value.origin.as_ref()));
                };
                let keys = match self.fields {
                    Some(fields) => self.unknown_keys(fields),
                    None => vec![field.to_string()],
                };
                Err(DeError::new(DeErrorKind::InvalidKeys(keys))
                    .at(self.path, value.origin.as_ref()))
            }
        }
    }

    fn next_value_seed<V: DeserializeSeed<'a>>(&mut self, seed: V) -> Result<V::Value, DeError> {
        let Some((key, value)) = self.pending.take() else {
            return Err(DeError::new(DeErrorKind::Custom(
                "value requested before key".into(),
            )));
        };
        let path = if self.fields.is_some() {
            child_field(self.path, key)
        } else {
            format!("{}[{key}]", self.path)
        };
        seed.deserialize(ValueDe::new(value, path))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.iter.len())
    }
}

pub(super) struct EnumAccess<'a> {
    variant: &'a String,
    value: ValueDe<'a>,
}

impl<'a> EnumAccess<'a> {
    pub(super) fn new(variant: &'a String, value: ValueDe<'a>) -> Self {
        EnumAccess { variant, value }
    }
}

fn is_plain_null(v: &ConfValue) -> bool {
    matches!(v.kind, ConfKind::Null)
}

impl<'a> de::EnumAccess<'a> for EnumAccess<'a> {
    type Error = DeError;
    type Variant = ValueDe<'a>;

    fn variant_seed<V: DeserializeSeed<'a>>(
        self,
        seed: V,
    ) -> Result<(V::Value, ValueDe<'a>), DeError> {
        let de: de::value::BorrowedStrDeserializer<'a, DeError> =
            de::value::BorrowedStrDeserializer::new(self.variant.as_str());
        let v = seed.deserialize(de)?;
        Ok((v, self.value))
    }
}

impl<'a> de::VariantAccess<'a> for ValueDe<'a> {
    type Error = DeError;

    fn unit_variant(self) -> Result<(), DeError> {
        Ok(())
    }

    fn newtype_variant_seed<T: DeserializeSeed<'a>>(self, seed: T) -> Result<T::Value, DeError> {
        seed.deserialize(self)
    }

    fn tuple_variant<V: Visitor<'a>>(self, _len: usize, v: V) -> Result<V::Value, DeError> {
        de::Deserializer::deserialize_seq(self, v)
    }

    fn struct_variant<V: Visitor<'a>>(
        self,
        fields: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, DeError> {
        de::Deserializer::deserialize_struct(self, "", fields, v)
    }
}
