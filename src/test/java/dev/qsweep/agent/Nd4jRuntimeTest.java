package dev.qsweep.agent;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class Nd4jRuntimeTest {

    @Test
    void theAvx2BuildIsChosenOnlyWhenPresentSupportedAndNotOverridden() {
        String zen = " fpu vme sse4_2 avx fma avx2 bmi2";
        assertTrue(Nd4jRuntime.wantsAvx2(null, true, zen));
        assertFalse(Nd4jRuntime.wantsAvx2(null, false, zen), "the jar is not on the class path");
        assertFalse(Nd4jRuntime.wantsAvx2("", true, zen), "someone chose the portable build explicitly");
        assertFalse(Nd4jRuntime.wantsAvx2(null, true, " fpu sse4_2 avx"), "no AVX2");
        assertFalse(Nd4jRuntime.wantsAvx2(null, true, " avx2"), "AVX2 without FMA");
        assertFalse(Nd4jRuntime.wantsAvx2(null, true, " avx2_vnni fma"), "a longer flag is not avx2");
        assertFalse(Nd4jRuntime.wantsAvx2(null, true, ""), "flags unknown");
    }
}
