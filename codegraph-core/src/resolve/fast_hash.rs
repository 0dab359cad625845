//! Hash maps for resolution, hashed with FxHash. Resolution makes millions
//! of lookups keyed by dense indices and short names; std's SipHash (built
//! to resist hash flooding, which indexing one's own code does not face)
//! was 3.5% of a cold run of the public corpus in a profile.

use std::hash::BuildHasherDefault;

use rustc_hash::FxHasher;

pub type FastHasher = BuildHasherDefault<FxHasher>;
pub type HashMap<K, V> = std::collections::HashMap<K, V, FastHasher>;
pub type HashSet<K> = std::collections::HashSet<K, FastHasher>;
pub type DashMap<K, V> = dashmap::DashMap<K, V, FastHasher>;
