package dev.qsweep.env.wrappers;

/**
 * OpenCV's image operations that Atari preprocessing uses, reproduced bit for bit for 8-bit single-channel output:
 * {@code cvtColor(RGB2GRAY)} and {@code resize(..., INTER_AREA)} when shrinking by a non-integer factor (the Atari
 * case: 210×160 → 84×84). Golden frames made with opencv-python check both ({@code OpenCvImagesTest}).
 */
public final class OpenCvImages {

    // OpenCV's 8-bit RGB→gray: fixed point with 15 fraction bits (0.299, 0.587, 0.114 scaled, summing to 2^15).
    private static final int R_TO_GRAY = 9798;
    private static final int G_TO_GRAY = 19235;
    private static final int B_TO_GRAY = 3735;
    private static final int GRAY_SHIFT = 15;

    private OpenCvImages() {
    }

    /** {@code cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)} of an HWC image: {@code gray.length} pixels. */
    public static void rgbToGray(byte[] rgb, byte[] gray) {
        if (rgb.length != 3 * gray.length) {
            throw new IllegalArgumentException("RGB buffer of " + rgb.length + " bytes does not hold " + gray.length
                    + " pixels");
        }
        for (int pixel = 0, i = 0; pixel < gray.length; pixel++, i += 3) {
            int r = rgb[i] & 0xFF;
            int g = rgb[i + 1] & 0xFF;
            int b = rgb[i + 2] & 0xFF;
            gray[pixel] = (byte) ((r * R_TO_GRAY + g * G_TO_GRAY + b * B_TO_GRAY + (1 << (GRAY_SHIFT - 1))) >> GRAY_SHIFT);
        }
    }

    /**
     * {@code cv2.resize(src, (dstWidth, dstHeight), interpolation=cv2.INTER_AREA)} for one 8-bit channel, precomputed
     * for one size pair. It follows OpenCV's general area path: per axis, a table of (source, destination, weight)
     * with float weights, rows accumulated in float in the same order, then rounded half to even. OpenCV takes a
     * different (integer averaging) path when both factors are integers; that case is rejected here.
     */
    public static final class AreaResize {

        private final int srcHeight;
        private final int srcWidth;
        private final int dstHeight;
        private final int dstWidth;
        private final Weights xTable;
        private final Weights yTable;
        // xTable regrouped as a fixed number of taps per destination cell (unused taps weigh 0), so the horizontal
        // pass runs a loop of constant length: adding the +0.0f of an unused tap leaves every sum bit-identical.
        private final int taps;
        private final int[] tapSource;
        private final float[] tapWeight;

        public AreaResize(int srcHeight, int srcWidth, int dstHeight, int dstWidth) {
            if (dstHeight <= 0 || dstWidth <= 0 || dstHeight > srcHeight || dstWidth > srcWidth) {
                throw new IllegalArgumentException("INTER_AREA shrinking needs 0 < destination <= source, got "
                        + srcHeight + "x" + srcWidth + " -> " + dstHeight + "x" + dstWidth);
            }
            if (srcHeight % dstHeight == 0 && srcWidth % dstWidth == 0) {
                throw new IllegalArgumentException("integer shrink factors (" + srcHeight + "x" + srcWidth + " -> "
                        + dstHeight + "x" + dstWidth + ") take OpenCV's fast averaging path, which is not reproduced");
            }
            this.srcHeight = srcHeight;
            this.srcWidth = srcWidth;
            this.dstHeight = dstHeight;
            this.dstWidth = dstWidth;
            // OpenCV: inv_scale = dsize/ssize, then scale = 1/inv_scale (not ssize/dsize: the last bit can differ).
            xTable = Weights.of(srcWidth, dstWidth, 1.0 / ((double) dstWidth / srcWidth));
            yTable = Weights.of(srcHeight, dstHeight, 1.0 / ((double) dstHeight / srcHeight));
            int widest = 0;
            for (int dx = 0; dx < dstWidth; dx++) {
                widest = Math.max(widest, xTable.firstEntry[dx + 1] - xTable.firstEntry[dx]);
            }
            taps = widest;
            tapSource = new int[dstWidth * taps];
            tapWeight = new float[dstWidth * taps];
            for (int dx = 0; dx < dstWidth; dx++) {
                int first = xTable.firstEntry[dx];
                for (int t = 0; t < taps; t++) {
                    boolean used = first + t < xTable.firstEntry[dx + 1];
                    tapSource[dx * taps + t] = xTable.source[used ? first + t : first];
                    tapWeight[dx * taps + t] = used ? xTable.weight[first + t] : 0f;
                }
            }
        }

        public int srcHeight() {
            return srcHeight;
        }

        public int srcWidth() {
            return srcWidth;
        }

        public int dstHeight() {
            return dstHeight;
        }

        public int dstWidth() {
            return dstWidth;
        }

        /** Resizes {@code src} (srcHeight × srcWidth bytes) into {@code dst} (dstHeight × dstWidth bytes). */
        public void apply(byte[] src, byte[] dst) {
            if (src.length != srcHeight * srcWidth || dst.length != dstHeight * dstWidth) {
                throw new IllegalArgumentException("buffers of " + src.length + " and " + dst.length
                        + " bytes do not match " + srcHeight + "x" + srcWidth + " -> " + dstHeight + "x" + dstWidth);
            }
            float[] rowBuffer = new float[dstWidth];
            float[] sum = new float[dstWidth];
            int previousDy = yTable.destination[0];
            for (int j = 0; j < yTable.size; j++) {
                float beta = yTable.weight[j];
                int dy = yTable.destination[j];
                horizontalPass(src, yTable.source[j] * srcWidth, rowBuffer);
                if (dy != previousDy) {
                    int out = previousDy * dstWidth;
                    for (int dx = 0; dx < dstWidth; dx++) {
                        dst[out + dx] = roundToByte(sum[dx]);
                        sum[dx] = beta * rowBuffer[dx];
                    }
                    previousDy = dy;
                } else {
                    for (int dx = 0; dx < dstWidth; dx++) {
                        sum[dx] += beta * rowBuffer[dx];
                    }
                }
            }
            int out = previousDy * dstWidth;
            for (int dx = 0; dx < dstWidth; dx++) {
                dst[out + dx] = roundToByte(sum[dx]);
            }
        }

        /**
         * One source row into {@code dstWidth} cells. OpenCV scatters {@code buf[di] += S[si] * alpha} over its table;
         * a cell's entries are contiguous in the table, so summing them cell by cell from 0 adds the same float terms
         * in the same order, without the scattered writes.
         */
        private void horizontalPass(byte[] src, int rowStart, float[] rowBuffer) {
            for (int dx = 0, tap = 0; dx < dstWidth; dx++) {
                float cell = 0f;
                for (int t = 0; t < taps; t++, tap++) {
                    cell += (src[rowStart + tapSource[tap]] & 0xFF) * tapWeight[tap];
                }
                rowBuffer[dx] = cell;
            }
        }

        /** OpenCV's {@code saturate_cast<uchar>(float)}: round half to even, clamp to 0..255. */
        private static byte roundToByte(float value) {
            int rounded = (int) Math.rint(value);
            return (byte) Math.max(0, Math.min(255, rounded));
        }
    }

    /** One axis of OpenCV's {@code computeResizeAreaTab}: which source cells feed which destination cell, how much. */
    private record Weights(int[] source, int[] destination, float[] weight, int size, int[] firstEntry) {

        static Weights of(int srcSize, int dstSize, double scale) {
            int capacity = 2 * srcSize + 2 * dstSize;
            int[] source = new int[capacity];
            int[] destination = new int[capacity];
            float[] weight = new float[capacity];
            int k = 0;
            for (int dx = 0; dx < dstSize; dx++) {
                double fsx1 = dx * scale;
                double fsx2 = fsx1 + scale;
                double cellWidth = Math.min(scale, srcSize - fsx1);
                int sx1 = (int) Math.ceil(fsx1);
                int sx2 = (int) Math.floor(fsx2);
                sx2 = Math.min(sx2, srcSize - 1);
                sx1 = Math.min(sx1, sx2);
                if (sx1 - fsx1 > 1e-3) { // part of the cell before the first whole source pixel
                    source[k] = sx1 - 1;
                    destination[k] = dx;
                    weight[k++] = (float) ((sx1 - fsx1) / cellWidth);
                }
                for (int sx = sx1; sx < sx2; sx++) {
                    source[k] = sx;
                    destination[k] = dx;
                    weight[k++] = (float) (1.0 / cellWidth);
                }
                if (fsx2 - sx2 > 1e-3) { // part after the last whole source pixel
                    source[k] = sx2;
                    destination[k] = dx;
                    weight[k++] = (float) (Math.min(Math.min(fsx2 - sx2, 1.0), cellWidth) / cellWidth);
                }
            }
            int[] firstEntry = new int[dstSize + 1]; // entries of cell d: firstEntry[d] until firstEntry[d + 1]
            for (int e = k - 1; e >= 0; e--) {
                firstEntry[destination[e]] = e;
            }
            firstEntry[dstSize] = k;
            return new Weights(source, destination, weight, k, firstEntry);
        }
    }
}
