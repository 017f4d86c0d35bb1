/**
 * What the employee sees instead of a blocked message, per direction, in their response language.
 * A runtime may override any text in any language; lookups fall back from the full tag to its
 * language (`de-AT` -> `de`), Chinese scripts by region (`zh-TW` -> `zh-Hant`), then to the
 * fallback language, then to English.
 */
import { languageTagSchema } from '@clawforce/core';
import { z } from 'zod';

/** Which message: a blocked user message, a withheld agent reply, or the guardrail being down. */
export type BlockedMessageKind = 'input' | 'output' | 'unavailable';

const messageTextSchema = z.string().trim().min(1).max(1_000);
const messagesByLanguageSchema = z.record(languageTagSchema, messageTextSchema);

export const blockedMessagesSchema = z.strictObject({
  input: messagesByLanguageSchema.optional(),
  output: messagesByLanguageSchema.optional(),
  unavailable: messagesByLanguageSchema.optional(),
});
export type BlockedMessages = z.infer<typeof blockedMessagesSchema>;

/** Shipped texts: English, Simplified and Traditional Chinese, Japanese, Spanish, German, French. */
export const DEFAULT_BLOCKED_MESSAGES: Readonly<
  Record<BlockedMessageKind, Readonly<Record<string, string>>>
> = {
  input: {
    en: "Your message wasn't sent to your agent because it conflicts with your company's usage policy (for example sensitive personal data, credentials or a restricted topic). Please remove that part or rephrase and try again.",
    zh: '您的消息未发送给智能助手，因为它违反了公司的使用政策（例如包含敏感个人信息、凭证或受限话题）。请删除相关内容或换一种说法后重试。',
    'zh-Hant':
      '您的訊息未傳送給智慧助理，因為它違反了公司的使用政策（例如包含敏感個人資料、憑證或受限話題）。請刪除相關內容或換個說法後重試。',
    ja: '会社の利用ポリシーに抵触するため（個人情報、認証情報、制限されたトピックなど）、メッセージはエージェントに送信されませんでした。該当部分を削除するか、言い換えてもう一度お試しください。',
    es: 'Tu mensaje no se envió a tu agente porque infringe la política de uso de tu empresa (por ejemplo, datos personales sensibles, credenciales o un tema restringido). Elimina esa parte o reformúlalo e inténtalo de nuevo.',
    de: 'Ihre Nachricht wurde nicht an Ihren Agenten gesendet, da sie gegen die Nutzungsrichtlinie Ihres Unternehmens verstößt (z. B. sensible personenbezogene Daten, Zugangsdaten oder ein gesperrtes Thema). Bitte entfernen Sie diesen Teil oder formulieren Sie die Nachricht um.',
    fr: "Votre message n'a pas été transmis à votre agent, car il enfreint la politique d'utilisation de votre entreprise (par exemple des données personnelles sensibles, des identifiants ou un sujet restreint). Supprimez ce passage ou reformulez, puis réessayez.",
  },
  output: {
    en: "Your agent's reply was withheld because it conflicts with your company's usage policy. Please try asking in a different way.",
    zh: '智能助手的回复因违反公司的使用政策已被拦截。请换一种方式提问。',
    'zh-Hant': '智慧助理的回覆因違反公司的使用政策已被攔截。請換個方式提問。',
    ja: 'エージェントの回答は会社の利用ポリシーに抵触するため表示されませんでした。別の聞き方でお試しください。',
    es: 'La respuesta de tu agente se ha retenido porque infringe la política de uso de tu empresa. Prueba a preguntarlo de otra manera.',
    de: 'Die Antwort Ihres Agenten wurde zurückgehalten, da sie gegen die Nutzungsrichtlinie Ihres Unternehmens verstößt. Bitte stellen Sie Ihre Frage anders.',
    fr: "La réponse de votre agent a été retenue, car elle enfreint la politique d'utilisation de votre entreprise. Essayez de formuler votre demande autrement.",
  },
  unavailable: {
    en: "The safety check is temporarily unavailable, so your message wasn't processed. Please try again in a moment.",
    zh: '安全检查暂时不可用，您的消息未被处理。请稍后重试。',
    'zh-Hant': '安全檢查暫時無法使用，您的訊息未被處理。請稍後再試。',
    ja: '安全チェックが一時的に利用できないため、メッセージは処理されませんでした。しばらくしてからもう一度お試しください。',
    es: 'La comprobación de seguridad no está disponible en este momento, por lo que tu mensaje no se ha procesado. Inténtalo de nuevo en unos instantes.',
    de: 'Die Sicherheitsprüfung ist vorübergehend nicht verfügbar, daher wurde Ihre Nachricht nicht verarbeitet. Bitte versuchen Sie es gleich noch einmal.',
    fr: "La vérification de sécurité est temporairement indisponible : votre message n'a pas été traité. Veuillez réessayer dans un instant.",
  },
};

const TRADITIONAL_CHINESE_REGIONS = new Set(['tw', 'hk', 'mo']);

/** Lookup keys for a BCP 47 tag, most specific first: `zh-Hant-TW` -> zh-hant-tw, zh-hant, zh. */
export function languageCandidates(tag: string): string[] {
  const parts = tag
    .toLowerCase()
    .split('-')
    .filter((part) => part.length > 0);
  const candidates: string[] = [];
  for (let length = parts.length; length >= 1; length -= 1) {
    candidates.push(parts.slice(0, length).join('-'));
  }
  if (parts[0] === 'zh') {
    const traditional =
      parts.includes('hant') ||
      parts.slice(1).some((part) => TRADITIONAL_CHINESE_REGIONS.has(part));
    candidates.splice(candidates.length - 1, 0, traditional ? 'zh-hant' : 'zh-hans');
  }
  return [...new Set(candidates)];
}

function lookup(
  table: Readonly<Record<string, string>> | undefined,
  tag: string,
): string | undefined {
  if (table === undefined) return undefined;
  const byLowerCase = new Map(
    Object.entries(table).map(([key, value]) => [key.toLowerCase(), value]),
  );
  for (const candidate of languageCandidates(tag)) {
    const found = byLowerCase.get(candidate);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * The text for `kind` in `language`: the runtime's own text if it has one for that language, else
 * the shipped text for it, else the runtime's and then the shipped text in the fallback language,
 * else English.
 */
export function blockedMessageFor(
  kind: BlockedMessageKind,
  language: string | undefined,
  options: { messages?: BlockedMessages | undefined; fallbackLanguage?: string | undefined } = {},
): string {
  const overrides = options.messages?.[kind];
  const shipped = DEFAULT_BLOCKED_MESSAGES[kind];
  const fallback = options.fallbackLanguage ?? 'en';
  for (const tag of [language, fallback]) {
    if (tag === undefined) continue;
    const text = lookup(overrides, tag) ?? lookup(shipped, tag);
    if (text !== undefined) return text;
  }
  return lookup(overrides, 'en') ?? (shipped.en as string);
}
