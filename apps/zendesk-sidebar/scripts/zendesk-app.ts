/**
 * The rules a Zendesk app folder must follow to be accepted (Zendesk's manifest reference and
 * ../../shared reference §3.2), checked offline: `zcli apps:validate` and `apps:package` upload
 * the app to a Zendesk account and so need a login and the network.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

export const SUPPORT_LOCATIONS = ['ticket_sidebar', 'new_ticket_sidebar', 'user_sidebar', 'organization_sidebar', 'top_bar', 'nav_bar', 'background', 'modal'] as const;
export const PARAMETER_TYPES = ['text', 'password', 'checkbox', 'url', 'number', 'multiline', 'hidden', 'oauth'] as const;
/** What the package holds: the app, never its build tooling. */
export const PACKAGE_ROOTS = ['manifest.json', 'assets', 'translations'] as const;

interface ZendeskManifest {
  name?: unknown;
  author?: { name?: unknown; email?: unknown; url?: unknown };
  defaultLocale?: unknown;
  private?: unknown;
  location?: Record<string, Record<string, unknown>>;
  version?: unknown;
  frameworkVersion?: unknown;
  domainWhitelist?: unknown;
  parameters?: Array<{ name?: unknown; type?: unknown; required?: unknown; secure?: unknown }>;
}

export function readManifest(appDir: string): ZendeskManifest {
  return JSON.parse(readFileSync(join(appDir, 'manifest.json'), 'utf8')) as ZendeskManifest;
}

/** Every problem with the app folder, in words; empty when Zendesk would accept it. */
export function validateZendeskApp(appDir: string, manifest: ZendeskManifest = readManifest(appDir)): string[] {
  const problems: string[] = [];
  const need = (condition: boolean, message: string) => {
    if (!condition) problems.push(message);
  };
  need(typeof manifest.name === 'string' && manifest.name.length > 0, 'manifest: name is required');
  need(typeof manifest.author?.name === 'string' && typeof manifest.author?.email === 'string', 'manifest: author.name and author.email are required');
  need(typeof manifest.defaultLocale === 'string', 'manifest: defaultLocale is required');
  need(manifest.frameworkVersion === '2.0', 'manifest: frameworkVersion must be "2.0"');
  need(typeof manifest.version === 'string' && /^\d+\.\d+(\.\d+)?$/.test(manifest.version), 'manifest: version must look like 1.0.0');
  need(typeof manifest.private === 'boolean', 'manifest: private must be true or false');

  const locations = manifest.location ?? {};
  need(Object.keys(locations).length > 0, 'manifest: at least one location is required');
  for (const [product, places] of Object.entries(locations)) {
    need(product === 'support', `manifest: product "${product}" is not one this app targets (support)`);
    for (const [place, value] of Object.entries(places)) {
      need((SUPPORT_LOCATIONS as readonly string[]).includes(place), `manifest: unknown location support.${place}`);
      const url = typeof value === 'string' ? value : (value as { url?: unknown }).url;
      if (typeof url !== 'string') {
        problems.push(`manifest: location support.${place} needs a url`);
        continue;
      }
      if (!/^https?:\/\//.test(url)) need(existsSync(join(appDir, url)), `manifest: location support.${place} points at ${url}, which does not exist (run the build)`);
    }
  }

  const names = new Set<string>();
  for (const parameter of manifest.parameters ?? []) {
    const name = typeof parameter.name === 'string' ? parameter.name : '';
    need(/^[a-z][a-z0-9_]*$/.test(name), `manifest: parameter name "${name}" must be snake_case`);
    need(!names.has(name), `manifest: parameter ${name} is declared twice`);
    names.add(name);
    need((PARAMETER_TYPES as readonly string[]).includes(String(parameter.type)), `manifest: parameter ${name} has unknown type ${String(parameter.type)}`);
    if (parameter.secure !== undefined) need(typeof parameter.secure === 'boolean', `manifest: parameter ${name}.secure must be a boolean`);
    if (parameter.secure === true) need(parameter.type !== 'hidden' && parameter.type !== 'oauth', `manifest: secure parameter ${name} cannot be ${String(parameter.type)}`);
  }
  if (manifest.domainWhitelist !== undefined) {
    const domains = manifest.domainWhitelist;
    need(Array.isArray(domains) && domains.every((domain) => typeof domain === 'string' && /^[a-z0-9.-]+(:\d+)?$/i.test(domain)), 'manifest: domainWhitelist lists bare host names (no scheme, no path)');
  }

  for (const file of ['assets/logo.png', 'assets/logo-small.png']) need(existsSync(join(appDir, file)), `${file} is required`);
  const defaultLocale = typeof manifest.defaultLocale === 'string' ? manifest.defaultLocale : 'en';
  const translationFile = join(appDir, 'translations', `${defaultLocale}.json`);
  if (!existsSync(translationFile)) {
    problems.push(`translations/${defaultLocale}.json is required (the default locale)`);
  } else {
    const translations = JSON.parse(readFileSync(translationFile, 'utf8')) as { app?: { name?: unknown; short_description?: unknown; parameters?: Record<string, { label?: unknown }> } };
    need(typeof translations.app?.name === 'string', `translations/${defaultLocale}.json: app.name is required`);
    need(typeof translations.app?.short_description === 'string', `translations/${defaultLocale}.json: app.short_description is required`);
    for (const name of names) need(typeof translations.app?.parameters?.[name]?.label === 'string', `translations/${defaultLocale}.json: app.parameters.${name}.label is required`);
  }
  return problems;
}

/** The files that go into the zip, as paths relative to the app folder, with `/` separators. */
export function packageFiles(appDir: string): string[] {
  const walk = (path: string): string[] =>
    statSync(path).isDirectory() ? readdirSync(path).sort().flatMap((entry) => walk(join(path, entry))) : [relative(appDir, path).split(sep).join('/')];
  return PACKAGE_ROOTS.filter((root) => existsSync(join(appDir, root))).flatMap((root) => walk(join(appDir, root)));
}
