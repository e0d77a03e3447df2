// The segments as SVG bars: live bytes (bottom) and freeable bytes (stacked on top) per segment file.
// The bars stretch to the page width; labels stay in HTML so they remain readable on a phone.
// The same figures are offered as a table for keyboard and screen-reader users.

import { el, svg } from '../element.js';
import * as fmt from '../format.js';

const VIEW_HEIGHT = 100;

export function segmentChart(segments) {
  if (!segments.length) {
    return el('p', { class: 'muted', testid: 'no-segments' }, 'The repository has no segment files yet.');
  }
  const tallest = Math.max(1, ...segments.map((s) => s.fileBytes));
  const totalLive = segments.reduce((sum, s) => sum + liveBytes(s), 0);
  const totalFreeable = segments.reduce((sum, s) => sum + s.freeableBytes, 0);
  const slot = 10;
  const gap = segments.length > 80 ? 0 : 2;
  const chart = svg('svg', {
    id: 'segment-chart', testid: 'segment-chart', class: 'segment-chart',
    viewBox: `0 0 ${segments.length * slot} ${VIEW_HEIGHT}`, preserveAspectRatio: 'none',
    role: 'img',
    'aria-label': `${segments.length} segments: ${fmt.bytes(totalLive)} live, ${fmt.bytes(totalFreeable)} freeable`,
  }, segments.map((s, i) => bar(s, i * slot, slot - gap, tallest)));

  return el('figure', { class: 'chart' },
    el('div', { class: 'chart-frame' },
      el('div', { class: 'chart-axis muted small', 'aria-hidden': 'true' },
        el('span', {}, fmt.bytes(tallest)), el('span', {}, '0')),
      chart),
    el('div', { class: 'chart-x muted small', 'aria-hidden': 'true' },
      el('span', {}, `segment ${segments[0].segment}`),
      el('span', {}, `segment ${segments[segments.length - 1].segment}`)),
    el('figcaption', { class: 'legend small' },
      el('span', { class: 'swatch swatch-live' }), ` live ${fmt.bytes(totalLive)}`, '  ',
      el('span', { class: 'swatch swatch-freeable' }), ` freeable ${fmt.bytes(totalFreeable)}`,
      `  · ${fmt.count(segments.length)} segments (hover a bar for its figures)`),
    el('details', { class: 'segment-details' },
      el('summary', {}, 'Segments as a table'),
      segmentTable(segments)));
}

function liveBytes(segment) {
  return Math.max(0, segment.fileBytes - segment.freeableBytes);
}

function bar(segment, x, width, tallest) {
  const live = liveBytes(segment);
  const liveHeight = (live / tallest) * VIEW_HEIGHT;
  const freeHeight = (Math.min(segment.freeableBytes, segment.fileBytes) / tallest) * VIEW_HEIGHT;
  const label = `Segment ${segment.segment}: ${fmt.bytes(segment.fileBytes)} on disk, ${fmt.bytes(live)} live `
    + `(${fmt.count(segment.liveObjects)} objects), ${fmt.bytes(segment.freeableBytes)} freeable`;
  return svg('g', {
    testid: `segment-bar-${segment.segment}`,
    'data-segment': segment.segment,
    'data-live-bytes': live,
    'data-freeable-bytes': segment.freeableBytes,
  },
  svg('title', {}, label),
  // A transparent full-height rect keeps tiny segments hoverable.
  svg('rect', { x, y: 0, width, height: VIEW_HEIGHT, class: 'bar-hit' }),
  svg('rect', { x, y: VIEW_HEIGHT - liveHeight, width, height: liveHeight, class: 'bar-live' }),
  svg('rect', { x, y: VIEW_HEIGHT - liveHeight - freeHeight, width, height: freeHeight, class: 'bar-freeable' }));
}

function segmentTable(segments) {
  return el('div', { class: 'table-scroll' },
    el('table', { class: 'data-table compact', testid: 'segment-table' },
      el('thead', {}, el('tr', {},
        ['Segment', 'On disk', 'Live', 'Live objects', 'Freeable'].map((h) => el('th', { scope: 'col', class: 'num' }, h)))),
      el('tbody', {}, segments.map((s) => el('tr', {},
        el('th', { scope: 'row', class: 'num' }, s.segment),
        el('td', { class: 'num' }, fmt.bytes(s.fileBytes)),
        el('td', { class: 'num' }, fmt.bytes(liveBytes(s))),
        el('td', { class: 'num' }, fmt.count(s.liveObjects)),
        el('td', { class: 'num' }, fmt.bytes(s.freeableBytes)))))));
}
