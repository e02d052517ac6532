import { z } from 'zod';
import { settingsSchema } from '../config/schema.ts';

/**
 * What PUT and PATCH /settings take, derived from the settings schema so a
 * new setting is covered by both. Neither fills in defaults: a key left out
 * of a PUT is refused instead of silently reset, and one left out of a PATCH
 * keeps its value.
 */

type Shape = typeof settingsSchema.shape;
type Key = keyof Shape;
type WithoutDefault<F> = F extends z.ZodDefault<infer Inner> ? Inner : F;

function withoutDefault(field: z.ZodType): z.ZodType {
  return field instanceof z.ZodDefault ? (field.removeDefault() as z.ZodType) : field;
}

function mapShape<Mapped>(make: (field: z.ZodType) => z.ZodType): Mapped {
  return Object.fromEntries(Object.entries(settingsSchema.shape).map(([key, field]) => [key, make(field)])) as Mapped;
}

type WholeShape = { [K in Key]: Shape[K] extends z.ZodOptional ? Shape[K] : z.ZodNonOptional<z.ZodOptional<WithoutDefault<Shape[K]>>> };

/** Every setting; only hostname may be left out, as GET gives it while it is this computer's own name. */
export const wholeSettings = z.strictObject(
  mapShape<WholeShape>((field) => (field instanceof z.ZodOptional ? field : withoutDefault(field).optional().nonoptional({ error: 'is missing' }))),
);

/** Some settings: the keys to change, each checked on its own here and with the rest once merged. */
export const settingsChange = z.strictObject(mapShape<{ [K in Key]: z.ZodOptional<WithoutDefault<Shape[K]>> }>((field) => withoutDefault(field).optional()));
