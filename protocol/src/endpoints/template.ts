/**
 * Path templates: "/_matrix/client/v3/rooms/{roomId}/send/{eventType}/{txnId}".
 *
 * A parameter always fills one whole path segment, as in every Matrix path,
 * so matching works segment by segment and never needs regular expressions
 * built from user data. The type-level parser below and the runtime parser
 * must agree; the tests check both on every definition.
 */
import { EndpointDefinitionError } from "./errors.js";

/** Names of the `{param}` placeholders of a path template, as a union. */
export type ParamNames<P extends string> = P extends `${string}{${infer Name}}${infer Rest}` ? Name | ParamNames<Rest> : never;

/** The path parameters a template needs: one string per placeholder. */
export type PathParams<P extends string> = { [K in ParamNames<P>]: string };

export type TemplateSegment = { readonly kind: "literal"; readonly text: string } | { readonly kind: "param"; readonly name: string };

export type ParsedTemplate = {
  readonly template: string;
  readonly segments: readonly TemplateSegment[];
  readonly paramNames: readonly string[];
  /** The template ends in "/" (its last segment is an empty literal), as `GET /pushrules/` does. */
  readonly trailingSlash: boolean;
};

const PARAM_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function parseTemplate(template: string): ParsedTemplate {
  if (!template.startsWith("/")) throw new EndpointDefinitionError(`path template ${JSON.stringify(template)} must start with "/"`);
  const raw = template.slice(1).split("/");
  const segments: TemplateSegment[] = [];
  const paramNames: string[] = [];
  raw.forEach((text, i) => {
    const isLast = i === raw.length - 1;
    if (text === "" && !isLast) throw new EndpointDefinitionError(`path template ${template} has an empty segment`);
    if (text.startsWith("{") && text.endsWith("}")) {
      const name = text.slice(1, -1);
      if (!PARAM_NAME.test(name)) throw new EndpointDefinitionError(`path template ${template}: bad parameter name ${JSON.stringify(name)}`);
      if (paramNames.includes(name)) throw new EndpointDefinitionError(`path template ${template}: parameter ${name} appears twice`);
      paramNames.push(name);
      segments.push({ kind: "param", name });
      return;
    }
    if (/[{}]/.test(text)) throw new EndpointDefinitionError(`path template ${template}: a parameter must fill a whole segment (${text})`);
    segments.push({ kind: "literal", text });
  });
  const last = segments[segments.length - 1];
  const trailingSlash = segments.length > 1 && last?.kind === "literal" && last.text === "";
  return { template, segments, paramNames, trailingSlash };
}
