package org.maskline.menu;

import java.util.Optional;

/**
 * Turns a {@link Prompt} into the media URIs of one ARI playback: Asterisk's own sounds, or the
 * operator's recordings from {@code dir} (a folder on the Asterisk host).
 */
public record Prompts(Optional<String> dir) {
    public static Prompts asteriskSounds() {
        return new Prompts(Optional.empty());
    }

    public String[] media(Prompt p) {
        if (dir.isPresent()) {
            return new String[] {"sound:" + dir.get() + "/" + p.fileName()};
        }
        return defaults(p);
    }

    /** Asterisk's sounds for the prompt: also the fallback when a recording cannot be played. */
    public String[] defaults(Prompt p) {
        return p.sounds().stream().map(s -> "sound:" + s).toArray(String[]::new);
    }
}
