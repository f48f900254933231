// asl-validator ships no type declarations; this is the one call the tests make.
declare module 'asl-validator' {
  export default function aslValidator(definition: unknown): { isValid: boolean; errors: unknown[] };
}
