//! FNV-1a hashing for the maps of word lists: they are looked up once or more per
//! token with short keys that are not attacker-chosen in any way that matters, so
//! SipHash's cost buys nothing there. (No map is iterated, so the hasher changes no
//! output.)

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// FNV-1a over the bytes written.
#[derive(Default)]
pub(crate) struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 { 0xcbf2_9ce4_8422_2325 } else { self.0 };
        for &b in bytes {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

/// A map hashed with [`Fnv`].
pub(crate) type FnvMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;
/// A set hashed with [`Fnv`].
pub(crate) type FnvSet<K> = HashSet<K, BuildHasherDefault<Fnv>>;
