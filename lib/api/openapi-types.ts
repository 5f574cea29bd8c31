// The part of OpenAPI 3.1 that Latchkey's document uses, typed so a misspelt field fails the
// type check rather than the validator. Schemas are JSON Schema 2020-12, kept loose.

export type JsonSchema = { [keyword: string]: unknown };

export type Example = { summary?: string; value: unknown };

export type MediaType = { schema: JsonSchema | Reference; examples?: Record<string, Example> };

export type Reference = { $ref: string };

export type Header = { description: string; schema: JsonSchema };

export type ResponseObject = {
  description: string;
  headers?: Record<string, Header | Reference>;
  content?: Record<string, MediaType>;
};

export type Operation = {
  operationId: string;
  summary: string;
  description?: string;
  tags?: string[];
  security?: Record<string, string[]>[];
  requestBody?: { required: boolean; content: Record<string, MediaType> };
  responses: Record<string, ResponseObject | Reference>;
};

export type PathItem = { get?: Operation; post?: Operation; options?: Operation };

export type OpenApiDocument = {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string; license?: { name: string; identifier: string } };
  servers: { url: string }[];
  tags?: { name: string; description: string }[];
  paths: Record<string, PathItem>;
  components: {
    schemas: Record<string, JsonSchema>;
    headers: Record<string, Header>;
    securitySchemes: Record<string, { type: 'http'; scheme: 'bearer'; bearerFormat: string; description: string } | { type: 'http'; scheme: 'basic'; description: string }>;
  };
};
