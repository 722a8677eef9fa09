package io.digitstream.schemas;

/** Where on a paper form a scanned digit came from. */
public record FormRef(String formId, String field) {

    public FormRef {
        Require.text(formId, "form.formId", 128);
        Require.text(field, "form.field", 128);
    }
}
