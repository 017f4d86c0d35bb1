import jsQR from 'jsqr';

/**
 * Reads a QR code back out of the SVG that `qrcode` renders (a background rect, then one stroked
 * path of horizontal runs: `M x y` / `m dx dy` moves, `h n` draws n modules). Rasterizes the
 * modules and decodes them with jsQR, so a test checks what a phone camera would read.
 */
export function decodeQrSvg(svg: string): string | undefined {
  const size = Number(/viewBox="0 0 (\d+) \d+"/.exec(svg)?.[1]);
  const path = /<path stroke="[^"]+" d="([^"]+)"/.exec(svg)?.[1];
  if (!size || !path) return undefined;
  const dark = new Set<string>();
  let x = 0;
  let y = 0;
  for (const [, command, first, second] of path.matchAll(
    /([MmHhVv])\s*(-?[\d.]+)(?:\s+(-?[\d.]+))?/g,
  )) {
    const a = Number(first);
    const b = Number(second ?? 0);
    if (command === 'M') [x, y] = [a, b];
    else if (command === 'm') [x, y] = [x + a, y + b];
    else if (command === 'h') {
      for (let column = x; column < x + a; column += 1) dark.add(`${column},${Math.floor(y)}`);
      x += a;
    }
  }
  const scale = 4;
  const width = size * scale;
  const pixels = new Uint8ClampedArray(width * width * 4).fill(255);
  for (const cell of dark) {
    const [column, row] = cell.split(',').map(Number) as [number, number];
    for (let dy = 0; dy < scale; dy += 1) {
      for (let dx = 0; dx < scale; dx += 1) {
        const offset = ((row * scale + dy) * width + column * scale + dx) * 4;
        pixels[offset] = 0;
        pixels[offset + 1] = 0;
        pixels[offset + 2] = 0;
      }
    }
  }
  return jsQR(pixels, width, width)?.data;
}
