// Colour arithmetic for the chart palette (pure, node and browser): VS Code themes define
// some chart colours with alpha (Dark Modern's charts.orange is rgba(234, 92, 0, 0.33), a
// dark brown on #1f1f1f), so every series colour is made opaque and, if it still reaches
// less than 3:1 contrast against the panel background (WCAG 1.4.11, graphics), moved
// towards white (dark themes) or black (light themes) until it does.

export interface Rgba {
  r: number;
  g: number;
  b: number;
  a: number;
}

/** Minimum contrast of a chart line against the background (WCAG 1.4.11 non-text contrast). */
export const MIN_SERIES_CONTRAST = 3;

/** Parses #rgb, #rgba, #rrggbb, #rrggbbaa, rgb() and rgba() (what VS Code emits); null otherwise. */
export function parseColor(s: string): Rgba | null {
  const t = s.trim().toLowerCase();
  let m = /^#([0-9a-f]{3,8})$/.exec(t);
  if (m) {
    const h = m[1];
    if (h.length === 3 || h.length === 4) {
      const v = [...h].map((c) => parseInt(c + c, 16));
      return { r: v[0], g: v[1], b: v[2], a: h.length === 4 ? v[3] / 255 : 1 };
    }
    if (h.length === 6 || h.length === 8) {
      const v = [0, 2, 4, 6].map((k) => parseInt(h.slice(k, k + 2), 16));
      return { r: v[0], g: v[1], b: v[2], a: h.length === 8 ? v[3] / 255 : 1 };
    }
    return null;
  }
  m = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)(?:[\s,/]+([\d.]+%?))?\s*\)$/.exec(t);
  if (m) {
    const a = m[4] === undefined ? 1 : m[4].endsWith('%') ? parseFloat(m[4]) / 100 : parseFloat(m[4]);
    return { r: +m[1], g: +m[2], b: +m[3], a: Math.max(0, Math.min(1, a)) };
  }
  return null;
}

export const toHex = (c: Rgba): string =>
  '#' +
  [c.r, c.g, c.b]
    .map((v) =>
      Math.round(Math.max(0, Math.min(255, v)))
        .toString(16)
        .padStart(2, '0'),
    )
    .join('');

/** `fg` painted over the opaque `bg`. */
export function composite(fg: Rgba, bg: Rgba): Rgba {
  return { r: fg.r * fg.a + bg.r * (1 - fg.a), g: fg.g * fg.a + bg.g * (1 - fg.a), b: fg.b * fg.a + bg.b * (1 - fg.a), a: 1 };
}

/** WCAG relative luminance of an opaque colour. */
export function luminance(c: Rgba): number {
  const lin = (v: number) => {
    const s = v / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(c.r) + 0.7152 * lin(c.g) + 0.0722 * lin(c.b);
}

/** WCAG contrast ratio of two opaque colours (1 to 21). */
export function contrast(a: Rgba, b: Rgba): number {
  const la = luminance(a),
    lb = luminance(b);
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

/**
 * An opaque colour for a line drawn in `color` on `background`: the colour without its
 * alpha (the hue the theme meant), lightened or darkened in small steps until it reaches
 * `min` contrast. Unparseable input falls back to the theme foreground `fallback`.
 */
export function readableOn(color: string, background: string, fallback: string, min = MIN_SERIES_CONTRAST): string {
  const bg0 = parseColor(background);
  const bg = bg0 ? composite(bg0, { r: 255, g: 255, b: 255, a: 1 }) : { r: 255, g: 255, b: 255, a: 1 };
  const c = parseColor(color) ?? parseColor(fallback);
  if (!c) return luminance(bg) > 0.18 ? '#000000' : '#ffffff';
  let x: Rgba = { ...c, a: 1 };
  if (contrast(x, bg) >= min) return toHex(x);
  const target = luminance(bg) > 0.18 ? { r: 0, g: 0, b: 0, a: 1 } : { r: 255, g: 255, b: 255, a: 1 };
  for (let k = 1; k <= 20; k++) {
    const f = k / 20;
    x = { r: c.r + (target.r - c.r) * f, g: c.g + (target.g - c.g) * f, b: c.b + (target.b - c.b) * f, a: 1 };
    if (contrast(x, bg) >= min) return toHex(x);
  }
  return toHex(target);
}
