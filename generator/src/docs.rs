//! Docs: spec descriptions (CommonMark) to rustdoc text that builds without warnings.
//!
//! Markdown is kept. What rustdoc would misread is rewritten: relative links are made absolute
//! against the API's documentation site, bare `[x]` (an intra-doc link to rustdoc) and
//! HTML-like `<x>` are escaped, bare URLs are wrapped in `<>`, and code blocks are marked as
//! `text` so they are not compiled as doctests. Plain strings in, plain strings out.

/// Where relative links in Plaid's descriptions point.
pub const DOCS_BASE: &str = "https://plaid.com/docs";

/// Rewrites one description for rustdoc.
pub fn to_rustdoc(markdown: &str) -> String {
    let mut out = Vec::new();
    let mut in_fence = false;
    for line in markdown.trim().lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            if in_fence {
                out.push("```".to_string());
            } else {
                out.push("```text".to_string());
            }
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            out.push(line.trim_end().to_string());
        } else {
            // Indentation would make an indented code block, which rustdoc compiles as Rust.
            out.push(rewrite_inline(trimmed.trim_end()));
        }
    }
    if in_fence {
        out.push("```".to_string());
    }
    out.join("\n")
}

/// Rewrites the inline markdown of one line outside code spans.
fn rewrite_inline(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len() + 8);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '`' => {
                // A code span runs to the next run of the same number of backticks.
                let ticks = chars[i..].iter().take_while(|&&ch| ch == '`').count();
                let close = find_ticks(&chars, i + ticks, ticks);
                match close {
                    Some(end) => {
                        out.extend(&chars[i..end + ticks]);
                        i = end + ticks;
                    }
                    None => {
                        // An unmatched backtick is literal text.
                        for _ in 0..ticks {
                            out.push_str("\\`");
                        }
                        i += ticks;
                    }
                }
            }
            '[' => match parse_link(&chars, i) {
                Some((text_end, url_start, url_end)) => {
                    let text: String = chars[i + 1..text_end].iter().collect();
                    let url: String = chars[url_start..url_end].iter().collect();
                    out.push('[');
                    out.push_str(&rewrite_inline(&text));
                    out.push_str("](");
                    out.push_str(&absolute_url(url.trim()));
                    out.push(')');
                    i = url_end + 1;
                }
                None => {
                    out.push_str("\\[");
                    i += 1;
                }
            },
            ']' => {
                out.push_str("\\]");
                i += 1;
            }
            '<' => {
                let rest: String = chars[i + 1..].iter().take(8).collect();
                let autolink_end = chars[i..].iter().position(|&ch| ch == '>').map(|p| i + p);
                if (rest.starts_with("http://") || rest.starts_with("https://")) && autolink_end.is_some() {
                    let end = autolink_end.unwrap_or(i);
                    out.extend(&chars[i..=end]);
                    i = end + 1;
                } else {
                    out.push_str("&lt;");
                    i += 1;
                }
            }
            '>' => {
                out.push_str("&gt;");
                i += 1;
            }
            'h' if starts_with_at(&chars, i, "http://") || starts_with_at(&chars, i, "https://") => {
                let end = chars[i..]
                    .iter()
                    .position(|ch| ch.is_whitespace() || matches!(ch, ')' | '"' | '\'' | '<' | '>' | '`'))
                    .map_or(chars.len(), |p| i + p);
                // Sentence punctuation after a URL is not part of it.
                let mut url_end = end;
                while url_end > i && matches!(chars[url_end - 1], '.' | ',' | ';' | ':') {
                    url_end -= 1;
                }
                out.push('<');
                out.extend(&chars[i..url_end]);
                out.push('>');
                i = url_end;
            }
            _ => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

fn starts_with_at(chars: &[char], at: usize, prefix: &str) -> bool {
    prefix.chars().enumerate().all(|(k, p)| chars.get(at + k) == Some(&p))
}

fn find_ticks(chars: &[char], from: usize, count: usize) -> Option<usize> {
    let mut j = from;
    while j < chars.len() {
        if chars[j] == '`' {
            let run = chars[j..].iter().take_while(|&&ch| ch == '`').count();
            if run == count {
                return Some(j);
            }
            j += run;
        } else {
            j += 1;
        }
    }
    None
}

/// For `[text](url)` starting at `open`, the index of `]`, and the start and end of the url.
fn parse_link(chars: &[char], open: usize) -> Option<(usize, usize, usize)> {
    let mut depth = 0;
    let mut j = open;
    let text_end = loop {
        match chars.get(j)? {
            '[' => depth += 1,
            ']' => {
                depth -= 1;
                if depth == 0 {
                    break j;
                }
            }
            _ => {}
        }
        j += 1;
    };
    if chars.get(text_end + 1) != Some(&'(') {
        return None;
    }
    let url_start = text_end + 2;
    let url_len = chars[url_start..].iter().position(|&ch| ch == ')')?;
    Some((text_end, url_start, url_start + url_len))
}

fn absolute_url(url: &str) -> String {
    if url.contains("://") || url.starts_with("mailto:") {
        url.to_string()
    } else if url.starts_with("/docs/") {
        format!("https://plaid.com{url}")
    } else if url.starts_with('/') || url.starts_with('#') {
        format!("{DOCS_BASE}{url}")
    } else {
        format!("{DOCS_BASE}/{url}")
    }
}

#[cfg(test)]
mod tests {
    use super::to_rustdoc;

    #[test]
    fn links_are_made_absolute() {
        assert_eq!(
            to_rustdoc("See [Auth](/api/products/auth/#authget) and [x](https://a.b/c)."),
            "See [Auth](https://plaid.com/docs/api/products/auth/#authget) and [x](https://a.b/c)."
        );
        assert_eq!(to_rustdoc("[a](/docs/x)"), "[a](https://plaid.com/docs/x)");
    }

    #[test]
    fn brackets_and_tags_are_escaped_outside_code() {
        assert_eq!(to_rustdoc("Country codes [US] in <environment>"), "Country codes \\[US\\] in &lt;environment&gt;");
        assert_eq!(to_rustdoc("`[US]` and `<x>`"), "`[US]` and `<x>`");
    }

    #[test]
    fn bare_urls_are_wrapped_and_autolinks_kept() {
        assert_eq!(to_rustdoc("see https://plaid.com/docs/api."), "see <https://plaid.com/docs/api>.");
        assert_eq!(to_rustdoc("<https://plaid.com>"), "<https://plaid.com>");
    }

    #[test]
    fn code_blocks_are_text_and_indentation_is_dropped() {
        assert_eq!(to_rustdoc("a\n```\nlet x;\n```"), "a\n```text\nlet x;\n```");
        assert_eq!(to_rustdoc("a\n\n    indented"), "a\n\nindented");
    }
}
