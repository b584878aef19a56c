/**
 * The virtualized branch graph: a transparent scroller (for native scrolling, wheel and the
 * scrollbar) over one canvas the size of the view. A scroll shifts the pixels the canvas already
 * holds (one `drawImage` of itself) and paints only the rows that came into view, in the next
 * animation frame. A page arriving for rows drawn as placeholders repaints only those rows;
 * anything else (new rows, selection, colours, size, theme) repaints the whole view. React
 * renders this component once per selection or summary change, never per scroll.
 */
import { useEffect, useRef } from 'react';
import type { GraphRow } from '../../shared/protocol/index.ts';
import { useServices } from '../app/services.ts';
import { graphTheme, type ColorMode } from './graph-colors.ts';
import { drawGraph, ROW_HEIGHT, rowAt } from './graph-draw.ts';
import { GRAPH_PAGE_ROWS, type GraphModel } from './graph-model.ts';
import { installGraphDebugHook } from './graph-debug-hook.ts';

const ACTIVE_OPTION_ID = 'graph-selected-commit';

/** What a screen reader says for a commit: short id, subject, author and its labels. */
function optionLabel(row: GraphRow): string {
  const refs = row.refs.map((ref) => ref.name);
  return [`${row.sha.slice(0, 7)} ${row.subject || '(no subject)'}`, row.author, ...(refs.length > 0 ? [refs.join(', ')] : [])].join(' — ');
}

interface Props {
  readonly model: GraphModel;
  readonly selected: number;
  readonly colorMode: ColorMode;
  readonly onSelect: (index: number) => void;
  /** Enter on the selected commit: take the keyboard to what can be done with it. */
  readonly onActivate: (index: number) => void;
}

export function GraphCanvas({ model, selected, colorMode, onSelect, onActivate }: Props) {
  const services = useServices();
  const scrollerRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const spacerRef = useRef<HTMLDivElement>(null);
  const drawRef = useRef<() => void>(() => undefined);
  const propsRef = useRef({ selected, colorMode });
  propsRef.current = { selected, colorMode };

  useEffect(() => {
    const scroller = scrollerRef.current!;
    const canvas = canvasRef.current!;
    const spacer = spacerRef.current!;
    const ctx = canvas.getContext('2d', { alpha: false })!;
    const themeName = (): 'dark' | 'light' => services.theme?.get().theme ?? 'dark';
    let theme = graphTheme(getComputedStyle(scroller), themeName());
    const drawTimes: number[] = [];
    let shiftedFrames = 0;
    let arrivedFrames = 0;
    let frame = 0;
    let size = { width: 0, height: 0, dpr: 1 };
    let visible = { first: 0, last: 0 };
    /** What the canvas shows now: null = nothing reusable, repaint everything. */
    let shown: { scrollTop: number } | null = null;
    /** What the rows on screen depend on when they were drawn, and which were not loaded yet. */
    let shownLayout = '';
    let shownGaps: { first: number; last: number } | null = null;
    /** Rows to repaint in place in the next frame (their page arrived), or null. */
    let arrived: { first: number; last: number } | null = null;
    const layoutKey = (): string => {
      const summary = model.summary;
      return `${summary.revision}|${summary.width}|${summary.targets.length}|${model.scrollRows}`;
    };

    const draw = (): void => {
      frame = 0;
      const started = performance.now();
      const summary = model.summary;
      // Read before any write, so the frame forces no extra layout.
      const scrollTop = scroller.scrollTop;
      const scrollHeight = model.scrollRows * ROW_HEIGHT;
      if (spacer.style.height !== `${scrollHeight}px`) spacer.style.height = `${scrollHeight}px`;
      let band: { top: number; bottom: number } | undefined;
      const delta = shown === null ? NaN : scrollTop - shown.scrollTop;
      const repaint = arrived;
      arrived = null;
      if (delta === 0 && repaint === null) return;
      if (delta === 0 && repaint !== null) {
        // A page arrived for rows drawn as placeholders: repaint just those rows, in place.
        band = { top: repaint.first * ROW_HEIGHT - scrollTop, bottom: (repaint.last + 1) * ROW_HEIGHT - scrollTop };
        arrivedFrames++;
      } else if (
        // Shift by whole device pixels only (a fractional shift would blur), and only while most
        // of the view is reusable and no placeholder row in it needs repainting anyway.
        repaint === null &&
        Number.isFinite(delta) &&
        Math.abs(delta) < size.height / 2 &&
        Number.isInteger(delta * size.dpr)
      ) {
        ctx.setTransform(1, 0, 0, 1, 0, 0);
        ctx.drawImage(canvas, 0, -delta * size.dpr);
        band = delta > 0 ? { top: size.height - delta, bottom: size.height } : { top: 0, bottom: -delta };
        shiftedFrames++;
      }
      ctx.setTransform(size.dpr, 0, 0, size.dpr, 0, 0);
      shown = { scrollTop };
      visible = drawGraph({
        ctx,
        width: size.width,
        height: size.height,
        scrollTop,
        ...(band ? { band } : {}),
        rows: model,
        lanes: summary.width,
        targetCount: summary.targets.length,
        selected: propsRef.current.selected,
        colorMode: propsRef.current.colorMode,
        theme,
      });
      shownLayout = layoutKey();
      let firstGap = -1;
      let lastGap = -1;
      for (let index = visible.first; index <= visible.last; index++) {
        if (model.row(index) !== undefined) continue;
        if (firstGap === -1) firstGap = index;
        lastGap = index;
      }
      shownGaps = firstGap === -1 ? null : { first: firstGap, last: lastGap };
      // One screen of rows ahead and behind, so a flick lands on rows already here.
      const screen = visible.last - visible.first + 1;
      model.ensure(Math.max(0, visible.first - screen), visible.last + screen * 2);
      // And, when the page is idle, the next two pages beyond that: a page's arrival (its
      // validation on this thread) then lands between frames, not in the first frames of a scroll.
      if (idle === 0) idle = requestIdleCallback(prefetch, { timeout: 1_000 });
      drawTimes.push(performance.now() - started);
      if (drawTimes.length > 600) drawTimes.shift();
    };
    let idle = 0;
    const prefetch = (): void => {
      idle = 0;
      model.ensure(visible.last, visible.last + GRAPH_PAGE_ROWS * 2);
    };
    /** Repaint everything in the next frame. */
    const schedule = (): void => {
      shown = null;
      if (frame === 0) frame = requestAnimationFrame(draw);
    };
    /** Repaint the placeholder rows on screen in the next frame (a page of them arrived). */
    const anyLoaded = (range: { first: number; last: number }): boolean => {
      for (let index = range.first; index <= range.last; index++) if (model.row(index) !== undefined) return true;
      return false;
    };
    const scheduleArrived = (gaps: { first: number; last: number }): void => {
      arrived = arrived ? { first: Math.min(arrived.first, gaps.first), last: Math.max(arrived.last, gaps.last) } : gaps;
      if (frame === 0) frame = requestAnimationFrame(draw);
    };
    /** A scroll: reuse what is shown unless a full repaint is already due. */
    const onScroll = (): void => {
      if (frame === 0) frame = requestAnimationFrame(draw);
    };
    drawRef.current = schedule;

    const resize = (): void => {
      const dpr = window.devicePixelRatio || 1;
      size = { width: scroller.clientWidth, height: scroller.clientHeight, dpr };
      canvas.width = Math.max(1, Math.round(size.width * dpr));
      canvas.height = Math.max(1, Math.round(size.height * dpr));
      canvas.style.width = `${size.width}px`;
      canvas.style.height = `${size.height}px`;
      // Setting the size cleared the canvas: paint now (observers run before the browser
      // paints), not a frame later, so a resize never flashes an empty view.
      shown = null;
      if (frame !== 0) cancelAnimationFrame(frame);
      draw();
    };
    const observer = new ResizeObserver(resize);
    observer.observe(scroller);
    resize();
    scroller.addEventListener('scroll', onScroll, { passive: true });
    // Pages arrive ahead of the view while scrolling: repaint only when the rows on screen
    // change — the layout moved on (everything), or rows drawn as placeholders arrived (only
    // those rows) — not for every page.
    const stopModel = model.onChange(() => {
      if (shown === null || layoutKey() !== shownLayout) schedule();
      else if (shownGaps && anyLoaded(shownGaps)) scheduleArrived(shownGaps);
    });
    // The canvas holds no CSS: a theme change re-reads the variables and repaints.
    const stopTheme =
      services.theme?.subscribe(() => {
        theme = graphTheme(getComputedStyle(scroller), themeName());
        schedule();
      }) ?? (() => undefined);
    const stopHook = installGraphDebugHook(window, {
      drawTimes: () => [...drawTimes],
      shiftedFrames: () => shiftedFrames,
      arrivedFrames: () => arrivedFrames,
      visible: () => ({ ...visible }),
      summary: () => model.summary,
      rowY: (index) => index * ROW_HEIGHT - scroller.scrollTop,
      rowSha: (index) => model.row(index)?.sha ?? null,
    });
    return () => {
      if (frame !== 0) cancelAnimationFrame(frame);
      if (idle !== 0) cancelIdleCallback(idle);
      observer.disconnect();
      scroller.removeEventListener('scroll', onScroll);
      stopModel();
      stopTheme();
      stopHook();
    };
  }, [model, services]);

  useEffect(() => drawRef.current(), [selected, colorMode]);
  // Opening the graph puts the keyboard on the commit list, where ↑/↓ and Enter work (the
  // button that opened it would otherwise keep it, and ↑/↓ would select nothing).
  useEffect(() => scrollerRef.current?.focus({ preventScroll: true }), []);

  const select = (index: number): void => {
    const total = model.scrollRows;
    if (total === 0) return;
    const next = Math.max(0, Math.min(total - 1, index));
    onSelect(next);
    const scroller = scrollerRef.current!;
    const top = next * ROW_HEIGHT;
    if (top < scroller.scrollTop) scroller.scrollTop = top;
    else if (top + ROW_HEIGHT > scroller.scrollTop + scroller.clientHeight) scroller.scrollTop = top + ROW_HEIGHT - scroller.clientHeight;
  };

  const active = selected >= 0 ? model.row(selected) : undefined;
  return (
    <div className="graph-view">
      <canvas ref={canvasRef} className="graph-view__canvas" aria-hidden="true" />
      <div
        ref={scrollerRef}
        className="graph-view__scroller"
        data-testid="graph-scroller"
        // A virtual listbox: the canvas draws the rows, and one option element — the selected
        // commit — carries the text a screen reader announces as the selection moves.
        role="listbox"
        aria-label="Commits"
        aria-activedescendant={active ? ACTIVE_OPTION_ID : undefined}
        tabIndex={0}
        onMouseDown={(event) => {
          const rect = event.currentTarget.getBoundingClientRect();
          if (event.clientX - rect.left > event.currentTarget.clientWidth) return; // the scrollbar
          select(rowAt(event.clientY - rect.top, event.currentTarget.scrollTop));
        }}
        onKeyDown={(event) => {
          const page = Math.max(1, Math.floor(event.currentTarget.clientHeight / ROW_HEIGHT) - 1);
          const moves: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page, j: 1, k: -1 };
          if (event.key in moves) select((selected < 0 ? -1 : selected) + moves[event.key]!);
          else if (event.key === 'Home') select(0);
          else if (event.key === 'End') select(model.scrollRows - 1);
          else if (event.key === 'Enter') {
            if (selected < 0) select(0);
            else onActivate(selected);
          } else return;
          event.preventDefault();
        }}
      >
        <div ref={spacerRef} className="graph-view__spacer" />
        {active && (
          <div
            id={ACTIVE_OPTION_ID}
            role="option"
            aria-selected="true"
            aria-posinset={selected + 1}
            // -1: not known yet, while the engine is still reading a long history.
            aria-setsize={model.summary.complete ? model.summary.total : -1}
            className="graph-view__option"
            style={{ top: selected * ROW_HEIGHT, height: ROW_HEIGHT }}
          >
            {optionLabel(active)}
          </div>
        )}
      </div>
    </div>
  );
}
