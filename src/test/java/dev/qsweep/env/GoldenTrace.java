package dev.qsweep.env;

import dev.qsweep.testutil.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The records of {@code src/test/resources/golden/<env>.jsonl}, grouped by trace (see scripts/golden_traces.py). */
record GoldenTrace(int index, String envId, Map<String, String> options, int maxEpisodeSteps,
                   List<Map<String, Object>> records) {

    static List<GoldenTrace> load(String fileName) {
        List<GoldenTrace> traces = new ArrayList<>();
        for (String line : Json.resourceLines("/golden/" + fileName + ".jsonl")) {
            Map<String, Object> record = Json.object(line);
            switch ((String) record.get("type")) {
                case "meta" -> {
                }
                case "make" -> {
                    Map<String, String> options = Json.textValues(record.get("options"));
                    traces.add(new GoldenTrace((int) ((Json.Num) record.get("trace")).asLong(),
                            (String) record.get("env"), options,
                            (int) ((Json.Num) record.get("max_episode_steps")).asLong(), new ArrayList<>()));
                }
                default -> traces.get(traces.size() - 1).records().add(record);
            }
        }
        return traces;
    }

    /** A recorded observation as float32 values: hex strings for a Box, one integer for a Discrete space. */
    static float[] observation(Object obs) {
        if (obs instanceof Json.Num n) {
            return new float[] {n.asLong()};
        }
        @SuppressWarnings("unchecked")
        List<String> hexes = (List<String>) obs;
        float[] out = new float[hexes.size()];
        for (int i = 0; i < out.length; i++) {
            double value = Double.parseDouble(hexes.get(i));
            out[i] = (float) value;
            if (out[i] != value) {
                throw new IllegalStateException("golden observation is not a float32: " + hexes.get(i));
            }
        }
        return out;
    }

    static double hexDouble(Object value) {
        return Double.parseDouble((String) value);
    }

    @Override
    public String toString() {
        return envId + " " + options + " #" + index;
    }
}
