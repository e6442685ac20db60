//! A Server-Sent Events decoder: bytes in, the `data` of each complete event out (multi-line
//! data joined with `\n`; comments, `event:`, `id:` and `retry:` fields ignored).

/// Collects bytes and yields complete events' data.
#[derive(Debug, Default)]
pub struct SseDecoder {
    buffer: Vec<u8>,
}

/// The longest event accepted (a guard against a provider that never ends an event).
pub const MAX_EVENT_BYTES: usize = 1 << 20;

impl SseDecoder {
    /// Adds `bytes` and returns the data of every event they completed.
    ///
    /// # Errors
    /// An event longer than [`MAX_EVENT_BYTES`], or one that is not UTF-8.
    pub fn push(&mut self, bytes: &[u8]) -> Result<Vec<String>, String> {
        self.buffer.extend_from_slice(bytes);
        let mut events = Vec::new();
        while let Some((end, skip)) = boundary(&self.buffer) {
            let raw: Vec<u8> = self.buffer.drain(..end + skip).take(end).collect();
            let text = String::from_utf8(raw).map_err(|_| "an event is not UTF-8".to_owned())?;
            let data: Vec<&str> = text
                .lines()
                .filter_map(|line| {
                    line.strip_prefix("data:")
                        .map(|d| d.strip_prefix(' ').unwrap_or(d))
                })
                .collect();
            if !data.is_empty() {
                events.push(data.join("\n"));
            }
        }
        if self.buffer.len() > MAX_EVENT_BYTES {
            return Err(format!("an event is longer than {MAX_EVENT_BYTES} bytes"));
        }
        Ok(events)
    }
}

/// Where the first event ends: its length and the length of the blank line after it.
fn boundary(buffer: &[u8]) -> Option<(usize, usize)> {
    let lf = find(buffer, b"\n\n").map(|i| (i, 2));
    let crlf = find(buffer, b"\r\n\r\n").map(|i| (i, 4));
    match (lf, crlf) {
        (Some(a), Some(b)) => Some(if a.0 <= b.0 { a } else { b }),
        (a, b) => a.or(b),
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_split_across_chunks_come_out_whole() {
        let mut d = SseDecoder::default();
        assert!(d.push(b"data: {\"a\"").unwrap().is_empty());
        assert_eq!(
            d.push(b":1}\n\n: comment\n\ndata: x\r\n\r\n").unwrap(),
            ["{\"a\":1}", "x"]
        );
        assert_eq!(
            d.push(b"event: e\ndata: one\ndata: two\n\n").unwrap(),
            ["one\ntwo"]
        );
    }

    #[test]
    fn an_endless_event_is_refused() {
        let mut d = SseDecoder::default();
        assert!(d.push(&vec![b'a'; MAX_EVENT_BYTES + 1]).is_err());
    }
}
