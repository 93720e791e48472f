/**
 * The one way pages are written: a template tag that escapes every interpolated value
 * unless it is itself an `html` value (nested templates are not escaped twice; arrays are
 * joined). Nothing builds HTML by string concatenation.
 */
import escapeModule, { HtmlSafeString, join, safe } from 'escape-html-template-tag';

export { HtmlSafeString, join, safe };
export type Html = HtmlSafeString;

type Tag = (parts: TemplateStringsArray, ...subs: unknown[]) => HtmlSafeString;

// The package's .d.ts describes its CommonJS build, so TypeScript sees the default import as
// the module object; Node and Vite load its ESM build, whose default is the tag itself (the
// CommonJS build is the tag too, with a `default` property). `export { default as html }`
// therefore fails to typecheck; this picks the callable either way.
const loaded = escapeModule as unknown as Tag & { default?: Tag };
export const html: Tag = typeof loaded === 'function' ? loaded : (loaded as { default: Tag }).default;
