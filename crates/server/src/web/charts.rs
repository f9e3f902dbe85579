//! Charts drawn on the server as inline SVG: no script, no CDN, printable, and readable
//! by screen readers through a `<title>` and a table fallback the page shows beside them.

use std::fmt::Write;

/// Escapes text for SVG (XML) content and attributes.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Horizontal bars, one per `(label, value)`, longest bar = largest value. An optional link
/// per bar lets the reader open the list behind it.
pub fn bars(title: &str, rows: &[(String, i64, Option<String>)]) -> String {
    let row_h = 30;
    let label_w = 230;
    let bar_w = 240;
    let height = row_h * rows.len().max(1) + 8;
    let max = rows.iter().map(|r| r.1).max().unwrap_or(0).max(1);
    let mut s = String::new();
    write!(
        s,
        r#"<svg class="chart" role="img" viewBox="0 0 {w} {height}" width="100%" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg"><title>{t}</title>"#,
        w = label_w + bar_w + 70,
        t = esc(title)
    )
    .unwrap();
    for (i, (label, value, href)) in rows.iter().enumerate() {
        let y = i * row_h + 4;
        let len = ((*value as f64 / max as f64) * bar_w as f64)
            .round()
            .max(1.0) as i64;
        // Long names are cut to fit; the full name is in the bar's tooltip and the table.
        let short: String = if label.chars().count() > 26 {
            label.chars().take(25).chain(['…']).collect()
        } else {
            label.clone()
        };
        if let Some(h) = href {
            write!(s, r#"<a href="{}">"#, esc(h)).unwrap();
        }
        write!(
            s,
            r#"<text x="{lx}" y="{ty}" text-anchor="end" class="label">{sl}</text><rect x="{bx}" y="{y}" width="{len}" height="{bh}" rx="2" class="bar"><title>{l}: {value}</title></rect><text x="{vx}" y="{ty}" class="value">{value}</text>"#,
            lx = label_w - 8,
            ty = y + 19,
            sl = esc(&short),
            l = esc(label),
            bx = label_w,
            bh = row_h - 8,
            vx = label_w as i64 + len + 6,
        )
        .unwrap();
        if href.is_some() {
            s.push_str("</a>");
        }
    }
    s.push_str("</svg>");
    s
}

/// Vertical stacked columns: one column per x label, one segment per series, with a legend.
pub fn stacked(title: &str, xs: &[String], series: &[(String, Vec<i64>)]) -> String {
    let col_w = 44;
    let gap = 14;
    let plot_h = 200;
    let left = 40;
    let legend_h = 22 * series.len();
    let width = left + xs.len().max(1) * (col_w + gap) + 20;
    let width = width.max(480);
    let height = plot_h + 40 + legend_h;
    let totals: Vec<i64> = (0..xs.len())
        .map(|i| {
            series
                .iter()
                .map(|(_, v)| v.get(i).copied().unwrap_or(0))
                .sum()
        })
        .collect();
    let max = totals.iter().copied().max().unwrap_or(0).max(1);
    let mut s = String::new();
    write!(
        s,
        r#"<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="100%" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg"><title>{t}</title>"#,
        t = esc(title)
    )
    .unwrap();
    write!(
        s,
        r#"<line x1="{left}" y1="{plot_h}" x2="{x2}" y2="{plot_h}" class="axis"/><text x="{tx}" y="14" text-anchor="end" class="value">{max}</text>"#,
        x2 = width - 10,
        tx = left - 6
    )
    .unwrap();
    for (i, x) in xs.iter().enumerate() {
        let cx = left + 8 + i * (col_w + gap);
        let mut y = plot_h as f64;
        for (k, (name, values)) in series.iter().enumerate() {
            let v = values.get(i).copied().unwrap_or(0);
            if v == 0 {
                continue;
            }
            let h = v as f64 / max as f64 * (plot_h - 20) as f64;
            y -= h;
            write!(
                s,
                r#"<rect x="{cx}" y="{y:.1}" width="{col_w}" height="{h:.1}" class="s{k}"><title>{x} · {n}: {v}</title></rect>"#,
                n = esc(name),
                x = esc(x),
                k = k % 8
            )
            .unwrap();
        }
        write!(
            s,
            r#"<text x="{tx}" y="{ly}" text-anchor="middle" class="label">{x}</text><text x="{tx}" y="{vy:.1}" text-anchor="middle" class="value">{t}</text>"#,
            tx = cx + col_w / 2,
            ly = plot_h + 16,
            x = esc(x),
            vy = y - 4.0,
            t = totals[i]
        )
        .unwrap();
    }
    for (k, (name, _)) in series.iter().enumerate() {
        let lx = left;
        let ly = plot_h + 38 + k * 22;
        write!(
            s,
            r#"<rect x="{lx}" y="{ry}" width="12" height="12" class="s{c}"/><text x="{tx}" y="{ly}" class="label">{n}</text>"#,
            ry = ly - 10,
            c = k % 8,
            tx = lx + 18,
            n = esc(name)
        )
        .unwrap();
    }
    s.push_str("</svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_to_the_largest_and_escape_labels() {
        let svg = bars(
            "By kind",
            &[
                (
                    "Supply <&>".into(),
                    10,
                    Some("/agreements?kind=supply".into()),
                ),
                ("MoU".into(), 5, None),
            ],
        );
        assert!(
            svg.contains(r#"width="240""#),
            "largest is full width: {svg}"
        );
        assert!(svg.contains(r#"width="120""#), "half is half: {svg}");
        assert!(svg.contains("Supply &lt;&amp;&gt;"));
        assert!(!svg.contains("Supply <&>"));
        assert!(svg.contains(r#"<a href="/agreements?kind=supply">"#));
    }

    #[test]
    fn stacked_columns_total_their_series() {
        let svg = stacked(
            "By year",
            &["2023".into(), "2024".into()],
            &[("A".into(), vec![1, 0]), ("B".into(), vec![2, 4])],
        );
        // Column totals 3 and 4 are printed above the columns; the zero segment is skipped.
        assert!(
            svg.contains(">3</text>") && svg.contains(">4</text>"),
            "{svg}"
        );
        assert_eq!(svg.matches("<title>2024 · A").count(), 0);
        assert_eq!(svg.matches("<title>2023 · B: 2</title>").count(), 1);
    }
}
