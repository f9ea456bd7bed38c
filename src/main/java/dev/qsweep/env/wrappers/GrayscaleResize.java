package dev.qsweep.env.wrappers;

import dev.qsweep.env.Environment;
import dev.qsweep.env.Space;
import dev.qsweep.env.StepResult;

/**
 * SB3's {@code WarpFrame}: an RGB frame (H×W×3) becomes {@code cv2.cvtColor(RGB2GRAY)} then
 * {@code cv2.resize((size, size), INTER_AREA)}, byte for byte as OpenCV; a grayscale frame (H×W) is only resized.
 * The observation is {@code [size][size]} uint8 values as floats (no channel axis, as Gymnasium's
 * AtariPreprocessing, so {@link FrameStack} gives {@code [k][size][size]}).
 */
public final class GrayscaleResize extends EnvWrapper {

    private final int size;
    private final boolean rgbInput;
    private final OpenCvImages.AreaResize resize;
    private final Space.Box observationSpace;
    private final byte[] rgb;
    private final byte[] gray;
    private final byte[] small;

    public GrayscaleResize(Environment inner, int size) {
        super(inner);
        if (!(inner.observationSpace() instanceof Space.Box box) || box.dtype() != Space.DType.UINT8
                || !(box.shape().length == 2 || (box.shape().length == 3 && box.shape()[2] == 3))) {
            throw new IllegalArgumentException("gray_resize needs uint8 image observations (H×W×3 or H×W); "
                    + inner.id() + " gives " + inner.observationSpace());
        }
        int[] shape = box.shape();
        this.size = size;
        this.rgbInput = shape.length == 3;
        this.resize = new OpenCvImages.AreaResize(shape[0], shape[1], size, size);
        this.rgb = new byte[rgbInput ? shape[0] * shape[1] * 3 : 0];
        this.gray = new byte[shape[0] * shape[1]];
        this.small = new byte[size * size];
        this.observationSpace = uint8Box(size, size);
    }

    public int size() {
        return size;
    }

    @Override
    public Space observationSpace() {
        return observationSpace;
    }

    @Override
    public float[] reset(long seed) {
        return warp(inner().reset(seed));
    }

    @Override
    public float[] reset() {
        return warp(inner().reset());
    }

    @Override
    public StepResult step(int action) {
        StepResult result = inner().step(action);
        return new StepResult(warp(result.observation()), result.reward(), result.terminated(), result.truncated());
    }

    private float[] warp(float[] frame) {
        if (rgbInput) {
            toBytes(frame, rgb);
            OpenCvImages.rgbToGray(rgb, gray);
        } else {
            toBytes(frame, gray);
        }
        resize.apply(gray, small);
        float[] out = new float[small.length];
        for (int i = 0; i < small.length; i++) {
            out[i] = small[i] & 0xFF;
        }
        return out;
    }

    private static void toBytes(float[] values, byte[] into) {
        for (int i = 0; i < into.length; i++) {
            into[i] = (byte) (int) values[i];
        }
    }
}
