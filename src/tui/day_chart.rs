//! A column per day with its scale: the largest value at the top of the left axis, and under
//! the columns (standing on 0) the days the two ends stand for ("29d ago" … "today"). Columns
//! grow in eighths of a row, so even a short chart tells 1 from 7.

use super::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget};

const EIGHTHS: [&str; 9] = [" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"];

/// Days in order; `first_day` is the first one's offset from today (-29 for the last 30
/// days, 0 for a forecast).
pub struct DayChart<'a> {
    pub title: String,
    pub values: &'a [u64],
    pub first_day: i64,
    pub style: Style,
}

fn day_name(offset: i64) -> String {
    match offset {
        0 => "today".to_owned(),
        n if n < 0 => format!("{}d ago", -n),
        n => format!("+{n}d"),
    }
}

impl DayChart<'_> {
    /// Draws the chart in `area`: the title on a rule, the columns, the day axis. When not
    /// every day fits, the days nearest today are kept.
    pub fn render(&self, area: Rect, buf: &mut Buffer, theme: Theme) {
        let block = Block::default()
            .borders(Borders::TOP)
            .title(Span::styled(format!(" {} ", self.title), theme.dim()));
        let inner = block.inner(area);
        block.render(area, buf);
        if inner.height < 2 || inner.width < 8 {
            return;
        }
        let max = self.values.iter().copied().max().unwrap_or(0);
        let label_w = max.to_string().len();
        let plot_w = usize::from(inner.width).saturating_sub(label_w + 1);
        let rows = usize::from(inner.height - 1);
        let n = self.values.len().min(plot_w);
        // Which days: those nearest today (the end of a history, the start of a forecast).
        let skip = if self.first_day < 0 {
            self.values.len() - n
        } else {
            0
        };
        let values = &self.values[skip..skip + n];
        let first_day = self.first_day + skip as i64;
        // A gap between columns where there is room for it.
        let step = if plot_w >= values.len() * 2 { 2 } else { 1 };
        let mut lines: Vec<Line<'static>> = Vec::new();
        for row in 0..rows {
            // Row 0 is the top: it holds the highest eighths.
            let floor = (rows - 1 - row) as u64 * 8;
            // The scale's top; the columns stand on the day axis, which is 0.
            let label = if row == 0 {
                max.to_string()
            } else {
                String::new()
            };
            let mut text = String::new();
            for &v in values {
                // Rounded up: any day above zero shows at least its first eighth.
                let eighths = if max == 0 {
                    0
                } else {
                    (v * rows as u64 * 8).div_ceil(max)
                };
                let cell = eighths.saturating_sub(floor).min(8) as usize;
                text.push_str(EIGHTHS[cell]);
                if step == 2 {
                    text.push(' ');
                }
            }
            lines.push(Line::from(vec![
                Span::styled(format!("{label:>label_w$}┤"), theme.dim()),
                Span::styled(text, self.style),
            ]));
        }
        // The axis: the two ends named under their columns.
        let first = day_name(first_day);
        let last = day_name(first_day + values.len() as i64 - 1);
        let span = (values.len() * step).saturating_sub(step - 1);
        let room = span.saturating_sub(first.chars().count() + last.chars().count());
        let axis = if room >= 1 {
            format!("{first}{}{last}", " ".repeat(room))
        } else {
            last
        };
        lines.push(Line::styled(format!("{:label_w$} {axis}", ""), theme.dim()));
        Paragraph::new(lines).render(inner, buf);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draw(values: &[u64], first_day: i64, width: u16, height: u16) -> Vec<String> {
        let area = Rect::new(0, 0, width, height);
        let mut buf = Buffer::empty(area);
        DayChart {
            title: "t".into(),
            values,
            first_day,
            style: Style::new(),
        }
        .render(area, &mut buf, Theme { color: false });
        (0..height)
            .map(|y| (0..width).map(|x| buf[(x, y)].symbol()).collect())
            .collect()
    }

    #[test]
    fn a_scale_on_the_left_and_the_days_underneath() {
        let mut values = vec![0; 12];
        values[..4].copy_from_slice(&[0, 2, 8, 1]);
        let rows = draw(&values, -11, 30, 5);
        // Three rows of eighths: 2 of 8 is six eighths, 1 of 8 three.
        assert!(rows[1].starts_with("8┤    █ "), "{rows:#?}");
        assert!(rows[3].starts_with(" ┤  ▆ █ ▃ "), "{rows:#?}");
        assert_eq!(rows[4].trim_end(), "  11d ago           today");
    }

    #[test]
    fn a_forecast_too_wide_keeps_the_days_nearest_today() {
        let values: Vec<u64> = (0..30).collect();
        let rows = draw(&values, 0, 22, 4);
        let axis = rows[3].trim();
        assert!(axis.starts_with("today"), "{axis}");
        assert!(axis.ends_with("+18d"), "{axis}");
    }
}
