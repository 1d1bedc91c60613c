//! A bounded map of remembered answers: string key → value, the oldest entry dropped first once it is full.
//!
//! Used for the policy set's per-input answers and the engine's per-request verdicts. Decides nothing about what
//! may be remembered: callers keep out what is not a pure function of its key.

use std::collections::{HashMap, VecDeque};

#[derive(Debug, Clone)]
pub struct Memo<V> {
    capacity: usize,
    entries: HashMap<String, V>,
    order: VecDeque<String>,
}

impl<V: Clone> Memo<V> {
    pub fn new(capacity: usize) -> Memo<V> {
        Memo { capacity, entries: HashMap::new(), order: VecDeque::new() }
    }

    pub fn get(&self, key: &str) -> Option<V> {
        self.entries.get(key).cloned()
    }

    pub fn insert(&mut self, key: String, value: V) {
        if self.order.len() >= self.capacity
            && let Some(oldest) = self.order.pop_front()
        {
            self.entries.remove(&oldest);
        }
        self.order.push_back(key.clone());
        self.entries.insert(key, value);
    }

    /// How many answers are remembered.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_oldest_entry_goes_first_once_full() {
        let mut memo = Memo::new(2);
        memo.insert("a".to_string(), 1);
        memo.insert("b".to_string(), 2);
        memo.insert("c".to_string(), 3);
        assert_eq!(memo.len(), 2);
        assert_eq!(memo.get("a"), None);
        assert_eq!(memo.get("b"), Some(2));
        assert_eq!(memo.get("c"), Some(3));
    }
}
