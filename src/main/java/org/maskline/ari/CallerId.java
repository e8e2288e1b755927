package org.maskline.ari;

/** ARI's {@code CallerID}: a name and a number, either possibly empty. */
public record CallerId(String name, String number) {
    public CallerId {
        name = name == null ? "" : name;
        number = number == null ? "" : number;
    }
}
