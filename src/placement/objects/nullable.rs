use serde::{Deserialize, Deserializer};

/// Treats an explicit `null` (YAML `labels:` with nothing after it) like an absent field, as the
/// Kubernetes API does for optional fields.
pub(crate) fn nullable<'de, D, T>(de: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(de)?.unwrap_or_default())
}

/// Resource quantities (`cpu: 100m`, `cpu: 0.5`, `nvidia.com/gpu: 8`) as text: the API's
/// Quantity takes a number as well as a string, so a bare YAML or JSON number is read as the
/// text it stands for. `null` is an empty map, as for other optional fields.
pub(crate) fn quantities<'de, D, T>(de: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: FromIterator<(String, String)>,
{
    struct Quantity(String);
    impl<'de> Deserialize<'de> for Quantity {
        fn deserialize<D: Deserializer<'de>>(de: D) -> Result<Self, D::Error> {
            struct V;
            impl serde::de::Visitor<'_> for V {
                type Value = Quantity;
                fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                    f.write_str("a quantity such as 100m, 0.5 or \"64Mi\"")
                }
                fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Quantity, E> {
                    Ok(Quantity(v.to_string()))
                }
                fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Quantity, E> {
                    Ok(Quantity(v.to_string()))
                }
                fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Quantity, E> {
                    Ok(Quantity(v.to_string()))
                }
                fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Quantity, E> {
                    Ok(Quantity(v.to_owned()))
                }
            }
            de.deserialize_any(V)
        }
    }
    let map: Option<std::collections::BTreeMap<String, Quantity>> = Option::deserialize(de)?;
    Ok(map
        .unwrap_or_default()
        .into_iter()
        .map(|(k, q)| (k, q.0))
        .collect())
}
