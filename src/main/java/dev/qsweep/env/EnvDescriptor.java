package dev.qsweep.env;

import java.util.List;

/**
 * What {@link EnvRegistry#list()} tells about an environment id.
 *
 * @param aliases other ids accepted for it (e.g. a deprecated version)
 */
public record EnvDescriptor(String id, List<String> aliases, Space observationSpace, Space.Discrete actionSpace,
                            List<EnvOption> options, int maxEpisodeSteps) {

    public EnvDescriptor {
        aliases = List.copyOf(aliases);
        options = List.copyOf(options);
    }
}
