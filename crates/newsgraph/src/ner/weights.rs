//! The tagger's weights at run time and their compact file format.
//!
//! File (zlib-compressed): magic `NGNER`, format version, feature-set version, number
//! of tags, the `f32` quantisation step, then the feature rows sorted by key — key
//! delta (varint), bit mask of the tags with a non-zero weight (varint), the `i16`
//! weights of those tags (zig-zag varints) — then the case-prior table (key delta,
//! value). Weights whose magnitude is under the pruning threshold are dropped at
//! save time; a row with no weight left is dropped.

use std::io::{Read, Write};

use super::features::HashKeyMap;
use super::NT;

const MAGIC: &[u8; 5] = b"NGNER";
const FORMAT: u8 = 1;
/// Bump when feature templates change: old weight files are then refused.
pub(crate) const FEATURE_VERSION: u32 = 6;

/// One slot of the weight table: the key's fingerprint (0 = empty) and its row.
#[derive(Clone, Copy)]
#[repr(C)]
struct Slot {
    fp: u32,
    row: [i16; NT],
}

const EMPTY: Slot = Slot { fp: 0, row: [0; NT] };

/// Feature weights: an open-addressing table (linear probing) of 40-byte slots, each
/// the key's high 32 bits as a fingerprint and the row of `NT` quantised weights
/// inline, so a look-up is one cache miss. The slot is chosen by the key's low bits:
/// a hit checks about 50 bits of the key. Scores are summed as integers (the arg-max
/// does not depend on the quantisation step).
///
/// (A Bloom filter in front of the table, to answer look-ups of unknown features
/// without touching it, cost more than it saved: its own cache misses were in the way
/// of every look-up, while the tagger requests the slots of the next tokens early.)
#[derive(Default)]
pub(crate) struct Weights {
    slots: Vec<Slot>,
    len: usize,
}

/// Fingerprint of a key: its high half, never 0.
#[inline]
fn fingerprint(key: u64) -> u32 {
    ((key >> 32) as u32).max(1)
}

impl Weights {
    /// Add the row of `key` (if any) to `scores`.
    #[inline]
    pub(crate) fn add(&self, key: u64, scores: &mut [i32; NT]) {
        if let Some(row) = self.get(key) {
            for (s, &w) in scores.iter_mut().zip(row) {
                *s += i32::from(w);
            }
        }
    }

    /// Ask the CPU to bring the slot of `key` into cache, so a later [`Weights::get`]
    /// does not wait for memory.
    #[inline]
    pub(crate) fn prefetch(&self, key: u64) {
        #[cfg(target_arch = "x86_64")]
        {
            if self.slots.is_empty() {
                return;
            }
            let slot: *const Slot = &self.slots[(key as usize) & (self.slots.len() - 1)];
            // A 40-byte slot straddles two cache lines half the time: ask for both.
            let last = slot.cast::<i8>().wrapping_add(std::mem::size_of::<Slot>() - 1);
            // SAFETY: prefetching has no architectural effect; the addresses are valid.
            #[allow(unused_unsafe)]
            unsafe {
                std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(slot.cast::<i8>());
                std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(last);
            }
        }
        #[cfg(not(target_arch = "x86_64"))]
        let _ = key;
    }

    /// The row of `key`.
    #[inline]
    pub(crate) fn get(&self, key: u64) -> Option<&[i16; NT]> {
        if self.slots.is_empty() {
            return None;
        }
        let mask = self.slots.len() - 1;
        let fp = fingerprint(key);
        let mut i = (key as usize) & mask;
        loop {
            let slot = &self.slots[i];
            if slot.fp == fp {
                return Some(&slot.row);
            }
            if slot.fp == 0 {
                return None;
            }
            i = (i + 1) & mask;
        }
    }

    /// Number of feature rows.
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// Build from quantised rows (a key whose slot and fingerprint collide with an
    /// earlier one is dropped; with ~10^5 keys that is a handful at most).
    pub(crate) fn from_quantised(rows: Vec<(u64, [i16; NT])>) -> Weights {
        let cap = (rows.len() * 3 / 2).next_power_of_two().max(16);
        let mut slots = vec![EMPTY; cap];
        let mut len = 0;
        for (key, row) in rows {
            let fp = fingerprint(key);
            let mut i = (key as usize) & (cap - 1);
            while slots[i].fp != 0 && slots[i].fp != fp {
                i = (i + 1) & (cap - 1);
            }
            if slots[i].fp == fp {
                continue;
            }
            slots[i] = Slot { fp, row };
            len += 1;
        }
        Weights { slots, len }
    }

    /// Build from float rows, quantised like [`encode`] (no pruning).
    pub(crate) fn from_rows(rows: &[(u64, [f32; NT])]) -> Weights {
        let (q, _) = quantise(rows, 0.0);
        Weights::from_quantised(q)
    }
}

/// Quantise rows to `i16` with one step for the whole model, dropping weights under
/// `min_weight` and rows left empty. Returns the rows and the step.
fn quantise(rows: &[(u64, [f32; NT])], min_weight: f32) -> (Vec<(u64, [i16; NT])>, f32) {
    let max_abs = rows.iter().flat_map(|(_, r)| r.iter()).fold(0f32, |m, w| m.max(w.abs())).max(1e-6);
    let step = max_abs / 32767.0;
    let mut kept: Vec<(u64, [i16; NT])> = Vec::new();
    for (k, row) in rows {
        let mut q = [0i16; NT];
        let mut any = false;
        for (t, &w) in row.iter().enumerate() {
            if w.abs() >= min_weight {
                q[t] = (w / step).round().clamp(-32767.0, 32767.0) as i16;
                any |= q[t] != 0;
            }
        }
        if any {
            kept.push((*k, q));
        }
    }
    kept.sort_unstable_by_key(|r| r.0);
    (kept, step)
}

fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn zigzag(v: i64) -> u64 {
    ((v << 1) ^ (v >> 63)) as u64
}

fn unzigzag(v: u64) -> i64 {
    (v >> 1) as i64 ^ -((v & 1) as i64)
}

struct Reader<'a> {
    b: &'a [u8],
    pos: usize,
}

impl Reader<'_> {
    fn byte(&mut self) -> Result<u8, String> {
        let v = *self.b.get(self.pos).ok_or("truncated")?;
        self.pos += 1;
        Ok(v)
    }
    fn varint(&mut self) -> Result<u64, String> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            v |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err("bad varint".into())
    }
    fn bytes<const N: usize>(&mut self) -> Result<[u8; N], String> {
        let s = self.b.get(self.pos..self.pos + N).ok_or("truncated")?;
        self.pos += N;
        let mut a = [0u8; N];
        a.copy_from_slice(s);
        Ok(a)
    }
}

/// Serialise rows (any order) and the case prior; weights with `|w| < min_weight`
/// are pruned. Returns the compressed bytes and the number of rows kept.
pub(crate) fn encode(
    rows: &[(u64, [f32; NT])],
    case_prior: &[(u64, u8)],
    min_weight: f32,
) -> (Vec<u8>, usize) {
    let (kept, step) = quantise(rows, min_weight);
    let mut raw = Vec::new();
    raw.extend_from_slice(MAGIC);
    raw.push(FORMAT);
    raw.extend_from_slice(&FEATURE_VERSION.to_le_bytes());
    raw.push(NT as u8);
    raw.extend_from_slice(&step.to_le_bytes());
    put_varint(&mut raw, kept.len() as u64);
    let mut last = 0u64;
    for (k, q) in &kept {
        put_varint(&mut raw, k - last);
        last = *k;
        let mask = q.iter().enumerate().fold(0u64, |m, (t, &v)| if v != 0 { m | 1 << t } else { m });
        put_varint(&mut raw, mask);
        for &v in q.iter().filter(|&&v| v != 0) {
            put_varint(&mut raw, zigzag(i64::from(v)));
        }
    }
    let mut cp: Vec<(u64, u8)> = case_prior.to_vec();
    cp.sort_unstable();
    put_varint(&mut raw, cp.len() as u64);
    let mut last = 0u64;
    for (k, v) in &cp {
        put_varint(&mut raw, k - last);
        last = *k;
        raw.push(*v);
    }
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    // Writing to a Vec cannot fail.
    let _ = z.write_all(&raw);
    (z.finish().unwrap_or_default(), kept.len())
}

/// Parse bytes written by [`encode`].
pub(crate) fn decode(bytes: &[u8]) -> Result<(Weights, HashKeyMap<u8>), String> {
    let mut raw = Vec::new();
    flate2::read::ZlibDecoder::new(bytes)
        .read_to_end(&mut raw)
        .map_err(|e| format!("not a weight file: {e}"))?;
    let mut r = Reader { b: &raw, pos: 0 };
    if &r.bytes::<5>()? != MAGIC {
        return Err("bad magic".into());
    }
    let format = r.byte()?;
    if format != FORMAT {
        return Err(format!("format {format}, expected {FORMAT}"));
    }
    let fv = u32::from_le_bytes(r.bytes::<4>()?);
    if fv != FEATURE_VERSION {
        return Err(format!("feature set {fv}, this build uses {FEATURE_VERSION}: retrain"));
    }
    let nt = r.byte()?;
    if usize::from(nt) != NT {
        return Err(format!("{nt} tags, expected {NT}"));
    }
    let step = f32::from_le_bytes(r.bytes::<4>()?);
    let nrows = r.varint()? as usize;
    if nrows > raw.len() {
        return Err("bad row count".into());
    }
    let _ = step;
    let mut rows = Vec::with_capacity(nrows);
    let mut key = 0u64;
    for _ in 0..nrows {
        key = key.wrapping_add(r.varint()?);
        let mask = r.varint()?;
        let mut row = [0i16; NT];
        for (t, x) in row.iter_mut().enumerate() {
            if mask & (1 << t) != 0 {
                *x = i16::try_from(unzigzag(r.varint()?)).map_err(|_| "weight out of range")?;
            }
        }
        rows.push((key, row));
    }
    let w = Weights::from_quantised(rows);
    let ncp = r.varint()? as usize;
    if ncp > raw.len() {
        return Err("bad case-prior count".into());
    }
    let mut cp = HashKeyMap::default();
    cp.reserve(ncp);
    let mut key = 0u64;
    for _ in 0..ncp {
        key = key.wrapping_add(r.varint()?);
        cp.insert(key, r.byte()?);
    }
    Ok((w, cp))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_prunes_and_quantises() {
        let mut a = [0f32; NT];
        a[0] = 2.0;
        a[3] = -0.5;
        a[5] = 0.001; // pruned
        let b = [0.0005f32; NT]; // row pruned entirely
        let (bytes, kept) = encode(&[(42, a), (7, b)], &[(9, 1), (3, 2)], 0.01);
        assert_eq!(kept, 1);
        let (w, cp) = decode(&bytes).expect("decodes");
        assert_eq!(w.len(), 1);
        let mut s = [0i32; NT];
        w.add(42, &mut s);
        w.add(7, &mut s);
        assert_eq!((s[0], s[3], s[5]), (32767, -8192, 0), "{s:?}");
        assert_eq!(cp.get(&9), Some(&1));
        assert_eq!(cp.get(&3), Some(&2));
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        assert!(decode(b"").is_err());
        assert!(decode(b"hello world").is_err());
        let (bytes, _) = encode(&[(1, [1.0; NT])], &[], 0.0);
        assert!(decode(&bytes[..bytes.len() / 2]).is_err());
        assert_eq!(unzigzag(zigzag(-5)), -5);
    }
}
