import { ClawforceError } from '@clawforce/core';
import QRCode from 'qrcode';

const MAX_QR_TEXT = 1_024;

/**
 * An SVG QR code of `text`, rendered in this process by the `qrcode` library: no third-party service
 * ever sees what it encodes. Error correction M, a two-module quiet zone.
 */
export async function renderQrSvg(text: string): Promise<string> {
  if (typeof text !== 'string' || text.length === 0 || text.length > MAX_QR_TEXT) {
    throw new ClawforceError('validation_failed', `QR text must be 1-${MAX_QR_TEXT} characters`, [
      { path: 'text', code: 'too_big', message: `must be 1-${MAX_QR_TEXT} characters` },
    ]);
  }
  return QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
}
