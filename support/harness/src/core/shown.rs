//! Long lists in failure messages: the first few, and how many more.
//!
//! A failure that lists all 150 requests nobody sent buries its point; one that shows the first
//! ten and stops says nothing of the other 140. So every list a message shows goes through
//! [`shown`] (one line, comma-separated) or [`shown_lines`] (one item per line): at most `max`
//! items, then "… and N more", so the reader knows both what and how much.

use std::fmt::Display;

/// At most `max` of `items`, comma-separated, then "… and N more" for the rest: `1, 2, 3, … and
/// 97 more`.
pub fn shown<T: Display>(items: impl IntoIterator<Item = T>, max: usize) -> String {
    joined(items, max, ", ")
}

/// The same, one item per line: for items that are sentences of their own.
pub fn shown_lines<T: Display>(items: impl IntoIterator<Item = T>, max: usize) -> String {
    joined(items, max, "\n")
}

fn joined<T: Display>(items: impl IntoIterator<Item = T>, max: usize, between: &str) -> String {
    let mut text = String::new();
    let mut count = 0;
    for item in items {
        if count < max {
            if count > 0 {
                text.push_str(between);
            }
            text.push_str(&item.to_string());
        }
        count += 1;
    }
    if count > max {
        if max > 0 {
            text.push_str(between);
        }
        text.push_str(&format!("… and {} more", count - max));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lists_say_how_many_more() {
        assert_eq!(shown(1..=3, 5), "1, 2, 3");
        assert_eq!(shown(1..=3, 3), "1, 2, 3");
        assert_eq!(shown(1..=10, 3), "1, 2, 3, … and 7 more");
        assert_eq!(shown_lines(["a", "b", "c"], 2), "a\nb\n… and 1 more");
        assert_eq!(shown(Vec::<u32>::new(), 3), "");
    }
}
