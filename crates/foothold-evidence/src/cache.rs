//! A small sharded cache of decoded blocks (decompressed chunks, grains, clusters), so many
//! reader threads can share work without contending on one lock.
use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};

const SHARDS: usize = 16;
const SHARD_MASK: u64 = SHARDS as u64 - 1;

#[derive(Debug, Default)]
struct Shard {
    map: HashMap<u64, Arc<[u8]>>,
    order: VecDeque<u64>,
}

/// Decoded blocks by index; first in, first out within a shard.
#[derive(Debug)]
pub(crate) struct BlockCache {
    shards: Vec<Mutex<Shard>>,
    per_shard: usize,
}

impl BlockCache {
    /// A cache holding about `bytes` of blocks of `block_size` bytes.
    pub(crate) fn new(bytes: usize, block_size: usize) -> Self {
        let blocks = bytes.checked_div(block_size).unwrap_or(bytes).max(SHARDS);
        BlockCache {
            shards: (0..SHARDS).map(|_| Mutex::new(Shard::default())).collect(),
            per_shard: blocks.div_ceil(SHARDS),
        }
    }

    fn shard(&self, key: u64) -> &Mutex<Shard> {
        // SHARDS is a power of two: the masked key is below it, the number of shards made
        // in `new`.
        let i = (key & SHARD_MASK) as usize;
        #[allow(clippy::indexing_slicing)]
        &self.shards[i]
    }

    pub(crate) fn get(&self, key: u64) -> Option<Arc<[u8]>> {
        let s = self.shard(key).lock().unwrap_or_else(|p| p.into_inner());
        s.map.get(&key).cloned()
    }

    pub(crate) fn insert(&self, key: u64, block: Arc<[u8]>) {
        let mut s = self.shard(key).lock().unwrap_or_else(|p| p.into_inner());
        if s.map.insert(key, block).is_none() {
            s.order.push_back(key);
        }
        while s.order.len() > self.per_shard {
            if let Some(old) = s.order.pop_front() {
                s.map.remove(&old);
            }
        }
    }

    /// The cached block, or decode it with `make` and keep it.
    pub(crate) fn get_or<E>(
        &self,
        key: u64,
        make: impl FnOnce() -> Result<Vec<u8>, E>,
    ) -> Result<Arc<[u8]>, E> {
        if let Some(b) = self.get(key) {
            return Ok(b);
        }
        let b: Arc<[u8]> = make()?.into();
        self.insert(key, Arc::clone(&b));
        Ok(b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evicts_oldest_and_stays_bounded() {
        let c = BlockCache::new(16 * 2 * 10, 10); // two blocks per shard
        for k in [0u64, 16, 32] {
            c.insert(k, vec![k as u8; 10].into());
        }
        assert!(c.get(0).is_none(), "oldest of shard 0 evicted");
        assert_eq!(c.get(32).expect("kept")[0], 32);
        let b = c.get_or(5, || Ok::<_, ()>(vec![9u8; 10])).expect("made");
        assert_eq!(b[0], 9);
    }
}
