/**
 * Draw the visible rows of the branch graph on a canvas: lines, nodes, ref labels, subject,
 * author, date and short id. Only what is on screen is drawn, from rows that come laid out, so a
 * frame costs the same with 200 or 200,000 commits.
 */
import type { GraphRow } from '../../shared/protocol/index.ts';
import { mergedState, type ColorMode, type GraphTheme } from './graph-colors.ts';

export const ROW_HEIGHT = 24;
/** Lane spacing when every lane fits; narrower (down to MIN_LANE_WIDTH) when many are open. */
export const LANE_WIDTH = 14;
const MIN_LANE_WIDTH = 5;
const GRAPH_PAD = 8;

export interface GraphRowSource {
  row(index: number): GraphRow | undefined;
  readonly scrollRows: number;
}

export interface DrawRequest {
  readonly ctx: CanvasRenderingContext2D;
  /** CSS pixels. */
  readonly width: number;
  readonly height: number;
  readonly scrollTop: number;
  readonly rows: GraphRowSource;
  /** Lanes of the widest row (sizes the graph column). */
  readonly lanes: number;
  readonly targetCount: number;
  readonly selected: number;
  readonly colorMode: ColorMode;
  readonly theme: GraphTheme;
  /**
   * Only repaint this horizontal strip (CSS pixels, canvas coordinates), leaving the rest of the
   * canvas as it is: after a scroll the canvas shifts what it already shows and paints only the
   * rows that came into view. Every row draws inside its own height, so the strip's pixels are
   * the same as a full draw's.
   */
  readonly band?: { readonly top: number; readonly bottom: number };
}

/** The graph column's width in CSS pixels: every lane when it fits, else at most a third of the view. */
export function graphColumnWidth(lanes: number, viewWidth: number): number {
  return Math.min(GRAPH_PAD * 2 + Math.max(1, lanes) * LANE_WIDTH, Math.max(90, Math.floor(viewWidth * 0.33)));
}

/**
 * Spacing of lanes in a column of `columnWidth`: squeezed when many branches are open so every
 * lane stays visible (targets keep the left columns, so they never end up cut off).
 */
export function laneWidthFor(lanes: number, columnWidth: number): number {
  const fit = (columnWidth - GRAPH_PAD * 2) / Math.max(1, lanes);
  return Math.max(MIN_LANE_WIDTH, Math.min(LANE_WIDTH, fit));
}

/** The row under a point (y in the canvas's CSS pixels). */
export function rowAt(y: number, scrollTop: number): number {
  return Math.floor((y + scrollTop) / ROW_HEIGHT);
}


const dateFormat = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
const dateCache = new Map<number, string>();
function formatDay(seconds: number): string {
  const day = Math.floor(seconds / 86_400);
  let text = dateCache.get(day);
  if (text === undefined) {
    text = dateFormat.format(new Date(seconds * 1000));
    if (dateCache.size > 5_000) dateCache.clear();
    dateCache.set(day, text);
  }
  return text;
}

/** Draw one frame (or its {@link DrawRequest.band}); returns the range of rows visible. */
export function drawGraph(request: DrawRequest): { first: number; last: number } {
  const { ctx, width, height, scrollTop, rows, theme } = request;
  const visible = {
    first: Math.max(0, Math.floor(scrollTop / ROW_HEIGHT)),
    last: Math.min(rows.scrollRows - 1, Math.floor((scrollTop + height) / ROW_HEIGHT)),
  };
  const bandTop = request.band ? Math.max(0, request.band.top) : 0;
  const bandBottom = request.band ? Math.min(height, request.band.bottom) : height;
  if (bandBottom <= bandTop) return visible;
  ctx.save();
  if (request.band) {
    ctx.beginPath();
    ctx.rect(0, bandTop, width, bandBottom - bandTop);
    ctx.clip();
  }
  ctx.fillStyle = theme.background;
  ctx.fillRect(0, bandTop, width, bandBottom - bandTop);
  const first = Math.max(0, Math.floor((scrollTop + bandTop) / ROW_HEIGHT));
  const last = Math.min(rows.scrollRows - 1, Math.floor((scrollTop + bandBottom - 1) / ROW_HEIGHT));
  const graphWidth = graphColumnWidth(request.lanes, width);
  const laneWidth = laneWidthFor(request.lanes, graphWidth);
  const laneX = (lane: number): number => GRAPH_PAD + lane * laneWidth + laneWidth / 2;
  const nodeRadius = laneWidth >= 10 ? 4 : 3;
  const lineWidth = laneWidth >= 10 ? 2 : 1.5;
  const allTargets = request.targetCount === 0 ? 0 : (1 << request.targetCount) - 1;

  // Selection band first, under everything.
  if (request.selected >= first && request.selected <= last) {
    ctx.fillStyle = theme.selection;
    ctx.fillRect(0, request.selected * ROW_HEIGHT - scrollTop, width, ROW_HEIGHT);
  }

  // Lines, batched into one path per colour: a few strokes per frame instead of thousands.
  ctx.save();
  ctx.beginPath();
  ctx.rect(0, bandTop, graphWidth, bandBottom - bandTop);
  ctx.clip();
  const paths = new Map<number, Path2D>();
  const pathOf = (color: number): Path2D => {
    const key = color % theme.palette.length;
    let path = paths.get(key);
    if (!path) {
      path = new Path2D();
      paths.set(key, path);
    }
    return path;
  };
  for (let index = first; index <= last; index++) {
    const row = rows.row(index);
    if (!row) continue;
    const top = index * ROW_HEIGHT - scrollTop;
    const middle = top + ROW_HEIGHT / 2;
    const bottom = top + ROW_HEIGHT;
    const nodeX = laneX(row.lane);
    for (let i = 0; i < row.through.length; i += 2) {
      const x = laneX(row.through[i]!);
      const path = pathOf(row.through[i + 1]!);
      path.moveTo(x, top);
      path.lineTo(x, bottom);
    }
    for (let i = 0; i < row.into.length; i += 2) {
      const x = laneX(row.into[i]!);
      const path = pathOf(row.into[i + 1]!);
      path.moveTo(x, top);
      if (x === nodeX) path.lineTo(nodeX, middle);
      else path.bezierCurveTo(x, middle, x, middle, nodeX + Math.sign(x - nodeX) * nodeRadius, middle);
    }
    for (let i = 0; i < row.out.length; i += 2) {
      const x = laneX(row.out[i]!);
      const path = pathOf(row.out[i + 1]!);
      if (x === nodeX) {
        path.moveTo(nodeX, middle);
        path.lineTo(nodeX, bottom);
      } else {
        path.moveTo(nodeX + Math.sign(x - nodeX) * nodeRadius, middle);
        path.bezierCurveTo(x, middle, x, middle, x, bottom);
      }
    }
  }
  ctx.lineWidth = lineWidth;
  ctx.globalAlpha = request.colorMode === 'merged' ? 0.55 : 1;
  for (const [key, path] of paths) {
    ctx.strokeStyle = theme.palette[key]!;
    ctx.stroke(path);
  }
  ctx.globalAlpha = 1;

  // Nodes: merges hollow, ordinary commits filled.
  for (let index = first; index <= last; index++) {
    const row = rows.row(index);
    if (!row) continue;
    const x = laneX(row.lane);
    const y = index * ROW_HEIGHT - scrollTop + ROW_HEIGHT / 2;
    const laneColor = theme.palette[row.color % theme.palette.length]!;
    const color = request.colorMode === 'merged' ? theme.state[mergedState(row.inTargets, allTargets)] ?? laneColor : laneColor;
    ctx.beginPath();
    ctx.arc(x, y, nodeRadius, 0, Math.PI * 2);
    if (row.parents.length > 1) {
      ctx.fillStyle = theme.background;
      ctx.fill();
      ctx.lineWidth = lineWidth;
      ctx.strokeStyle = color;
      ctx.stroke();
    } else {
      ctx.fillStyle = color;
      ctx.fill();
    }
  }
  ctx.restore();

  // Text columns.
  // Narrow views keep the subject readable: author, then date, then id make way.
  const shaWidth = width > 480 ? 64 : 0;
  const dateWidth = width > 640 ? 96 : 0;
  const authorWidth = width > 900 ? 140 : 0;
  const right = width - 8;
  const subjectRight = right - shaWidth - dateWidth - authorWidth - 12;
  ctx.textBaseline = 'middle';
  for (let index = first; index <= last; index++) {
    const y = index * ROW_HEIGHT - scrollTop + ROW_HEIGHT / 2;
    const row = rows.row(index);
    if (!row) {
      ctx.fillStyle = theme.faint;
      ctx.font = theme.font;
      ctx.fillText('…', graphWidth + 8, y);
      continue;
    }
    const merged = request.colorMode === 'merged' && allTargets !== 0 && (row.inTargets & allTargets) === allTargets;
    let x = graphWidth + 6;
    x = drawLabels(ctx, row, x, y, subjectRight, theme);
    ctx.font = theme.font;
    ctx.fillStyle = merged ? theme.dim : theme.text;
    fillClipped(ctx, row.subject, x, y, subjectRight - x);
    ctx.fillStyle = theme.dim;
    if (authorWidth > 0) fillClipped(ctx, row.author, right - shaWidth - dateWidth - authorWidth, y, authorWidth - 10);
    if (dateWidth > 0) fillClipped(ctx, formatDay(row.time), right - shaWidth - dateWidth, y, dateWidth - 8);
    if (shaWidth > 0) {
      ctx.font = theme.monoFont;
      ctx.fillStyle = theme.faint;
      ctx.fillText(row.sha.slice(0, 7), right - shaWidth, y);
    }
  }
  ctx.restore();
  return visible;
}

/** Branch, worktree and tag chips before the subject; returns where the subject starts. */
function drawLabels(ctx: CanvasRenderingContext2D, row: GraphRow, x: number, y: number, limit: number, theme: GraphTheme): number {
  if (row.refs.length === 0 && row.worktrees.length === 0) return x;
  ctx.font = theme.labelFont;
  const chips: { text: string; fill: string; stroke: string; color: string }[] = [];
  for (const ref of row.refs) {
    const kind = ref.target ? 'target' : ref.worktree ? 'worktree' : ref.kind;
    const style = theme.chips[kind];
    const text = ref.target ? `◎ ${ref.name}` : ref.worktree ? `⌂ ${ref.name}` : ref.kind === 'tag' ? `⚑ ${ref.name}` : ref.name;
    chips.push({ text, ...style });
  }
  for (const path of row.worktrees) chips.push({ text: `⌂ ${baseName(path)} (detached)`, ...theme.chips.worktree });
  for (const chip of chips) {
    const labelWidth = Math.min(textWidth(ctx, chip.text), 180);
    const chipWidth = labelWidth + 10;
    if (x + chipWidth > limit - 40) break;
    ctx.fillStyle = chip.fill;
    ctx.strokeStyle = chip.stroke;
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.roundRect(x + 0.5, y - 8.5, chipWidth, 17, 4);
    ctx.fill();
    ctx.stroke();
    ctx.fillStyle = chip.color;
    fillClipped(ctx, chip.text, x + 5, y, labelWidth);
    x += chipWidth + 4;
  }
  return x + 2;
}

function baseName(path: string): string {
  const parts = path.split(/[\\/]/).filter(Boolean);
  return parts.at(-1) ?? path;
}

/**
 * Text measurements by font and text: `measureText` dominates a frame otherwise, and the same
 * subjects, authors and labels are drawn frame after frame while scrolling.
 */
const widths = new Map<string, number>();
function textWidth(ctx: CanvasRenderingContext2D, text: string): number {
  const key = `${ctx.font}\0${text}`;
  let width = widths.get(key);
  if (width === undefined) {
    width = ctx.measureText(text).width;
    if (widths.size > 20_000) widths.clear();
    widths.set(key, width);
  }
  return width;
}

const clipped = new Map<string, string>();

/** `fillText` that never runs into the next column (ellipsis when cut). */
function fillClipped(ctx: CanvasRenderingContext2D, text: string, x: number, y: number, maxWidth: number): void {
  if (maxWidth <= 8) return;
  if (textWidth(ctx, text) <= maxWidth) {
    ctx.fillText(text, x, y);
    return;
  }
  const key = `${ctx.font}\0${Math.floor(maxWidth)}\0${text}`;
  const known = clipped.get(key);
  if (known !== undefined) {
    ctx.fillText(known, x, y);
    return;
  }
  let low = 0;
  let high = text.length;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (ctx.measureText(`${text.slice(0, mid)}…`).width <= maxWidth) low = mid;
    else high = mid - 1;
  }
  const cut = `${text.slice(0, low)}…`;
  if (clipped.size > 20_000) clipped.clear();
  clipped.set(key, cut);
  ctx.fillText(cut, x, y);
}
