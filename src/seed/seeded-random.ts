/**
 * Random numbers that repeat: the same seed gives the same sequence on every machine and Node version, which
 * Math.random cannot promise. Not for secrets (ids and keys come from node:crypto); only for sample data.
 */

/** A source of numbers in [0, 1), with Math.random's signature. */
export type RandomSource = () => number

/**
 * A deterministic RandomSource: sfc32 (Chris Doty-Humphrey's small fast counter generator, 128 bits of state,
 * no short cycles), its state spread from `seed` by splitmix32 so that nearby seeds give unrelated sequences.
 */
export function createSeededRandom(seed: number): RandomSource {
  let mix = seed >>> 0
  const splitmix32 = () => {
    mix = (mix + 0x9e3779b9) | 0
    let z = mix
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b)
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35)
    return (z ^ (z >>> 16)) >>> 0
  }
  let a = splitmix32()
  let b = splitmix32()
  let c = splitmix32()
  let counter = splitmix32()
  return () => {
    const t = (((a + b) | 0) + counter) | 0
    counter = (counter + 1) | 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) | 0
    c = (c << 21) | (c >>> 11)
    c = (c + t) | 0
    return (t >>> 0) / 4294967296
  }
}
