//! Validating `[[table]]` comparison matrices and `[[lesson]]` walkthroughs.

use super::parse::Ctx;
use super::raw::{RawLesson, RawRow, RawStep, RawTable};
use super::{Lesson, Row, Step, Table};
use std::collections::HashSet;

pub(super) fn table(cx: &mut Ctx, table_at: usize, raw: RawTable) -> Option<Table> {
    let label = raw.id.as_ref().map(|i| format!("table {:?}", i.get_ref()));
    let ctx = label.as_deref();
    let before = cx.errors.len();
    let id = cx.id(&raw.id, "table", table_at, ctx);
    let title = cx.text(&raw.title, "title", table_at, ctx);
    let table_source = cx.optional_text(&raw.source, "source", ctx);
    let mut columns = Vec::new();
    match &raw.columns {
        None => cx.error(table_at, ctx, "missing field `columns`"),
        Some(cols) => {
            for c in cols.get_ref() {
                if let Some(t) = cx.check_text(c, "columns", ctx, false) {
                    columns.push(t);
                }
            }
            if cols.get_ref().len() < 2 {
                cx.error(cols.span().start, ctx, "a table needs at least 2 columns");
            }
        }
    }
    if raw.row.is_empty() {
        cx.error(table_at, ctx, "the table has no [[table.row]]");
    }
    let mut rows = Vec::new();
    let mut row_ids = HashSet::new();
    for row_spanned in &raw.row {
        let row_at = row_spanned.span().start;
        let r: &RawRow = row_spanned.get_ref();
        let row_label = match (&label, &r.id) {
            (Some(t), Some(i)) => Some(format!("{t}, row {:?}", i.get_ref())),
            _ => label.clone(),
        };
        let rctx = row_label.as_deref();
        let id = cx.id(&r.id, "row", row_at, rctx);
        let feature = cx.text(&r.feature, "feature", row_at, rctx);
        let source = cx
            .optional_text(&r.source, "source", rctx)
            .or_else(|| table_source.clone());
        if source.is_none() && cx.require_source {
            cx.error(row_at, rctx, "missing field `source` (on the row or the table): every shipped item cites the fact it rests on");
        }
        let mut cells = Vec::new();
        match &r.cells {
            None => cx.error(row_at, rctx, "missing field `cells`"),
            Some(cs) => {
                for c in cs.get_ref() {
                    if let Some(t) = cx.check_text(c, "cells", rctx, false) {
                        cells.push(t);
                    }
                }
                if cs.get_ref().len() != columns.len() && !columns.is_empty() {
                    cx.error(
                        cs.span().start,
                        rctx,
                        format!("{} cells for {} columns", cs.get_ref().len(), columns.len()),
                    );
                }
            }
        }
        if let Some(id) = &id
            && !row_ids.insert(id.clone())
        {
            cx.error(row_at, rctx, "duplicate row id in this table");
        }
        if let (Some(id), Some(feature)) = (id, feature) {
            rows.push(Row {
                id,
                feature,
                cells,
                source,
            });
        }
    }
    if cx.errors.len() > before {
        return None;
    }
    Some(Table {
        id: id?,
        title: title?,
        columns,
        rows,
        source: table_source,
    })
}

pub(super) fn lesson(
    cx: &mut Ctx,
    lesson_at: usize,
    raw: RawLesson,
    cards: &HashSet<String>,
) -> Option<Lesson> {
    let label = raw.id.as_ref().map(|i| format!("lesson {:?}", i.get_ref()));
    let ctx = label.as_deref();
    let before = cx.errors.len();
    let id = cx.id(&raw.id, "lesson", lesson_at, ctx);
    let title = cx.text(&raw.title, "title", lesson_at, ctx);
    let source = cx.source(&raw.source, lesson_at, ctx);
    if raw.step.is_empty() {
        cx.error(lesson_at, ctx, "the lesson has no [[lesson.step]]");
    }
    let mut steps = Vec::new();
    for s in &raw.step {
        let step_at = s.span().start;
        let st: &RawStep = s.get_ref();
        let title = cx.text(&st.title, "title", step_at, ctx);
        let body = cx.text(&st.body, "body", step_at, ctx);
        let check = cx.optional_text(&st.check, "check", ctx);
        if let (Some(c), Some(f)) = (&check, &st.check)
            && !cards.contains(c)
        {
            cx.error(
                f.span().start,
                ctx,
                format!("check card {c:?} is not a card of this deck"),
            );
        }
        if let (Some(title), Some(body)) = (title, body) {
            steps.push(Step { title, body, check });
        }
    }
    if cx.errors.len() > before {
        return None;
    }
    Some(Lesson {
        id: id?,
        title: title?,
        source,
        steps,
    })
}
