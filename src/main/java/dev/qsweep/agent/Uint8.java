package dev.qsweep.agent;

/** Conversions between uint8 values held as floats (as environments give them) and packed bytes. */
final class Uint8 {
    private Uint8() {}

    /** The byte of a float that must hold an integer in [0, 255]. */
    static byte of(float value) {
        int integer = (int) value;
        if (integer != value || integer < 0 || integer > 255) {
            throw new IllegalArgumentException("a uint8 observation holds " + value + ", which is not an integer in [0, 255]");
        }
        return (byte) integer;
    }

    static float toFloat(byte value) {
        return value & 0xFF;
    }

    static void pack(float[] from, int fromOffset, byte[] to, int toOffset, int count) {
        for (int k = 0; k < count; k++) {
            to[toOffset + k] = of(from[fromOffset + k]);
        }
    }

    static void unpack(byte[] from, int fromOffset, float[] to, int toOffset, int count) {
        for (int k = 0; k < count; k++) {
            to[toOffset + k] = from[fromOffset + k] & 0xFF;
        }
    }
}
