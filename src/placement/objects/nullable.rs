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
