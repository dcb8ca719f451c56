// The admin's tag fields (Wagtail's tag-it widget) type into an input that the script makes
// and leaves without a label; name it after its field's label, for screen readers and axe.
(function () {
    "use strict";
    function labelTagInputs() {
        var inputs = document.querySelectorAll(
            "input.ui-autocomplete-input:not([aria-label]):not([aria-labelledby])"
        );
        inputs.forEach(function (input) {
            var wrapper = input.closest("[data-field-wrapper], .w-field__wrapper, .w-field");
            var label = wrapper && wrapper.querySelector("label");
            if (label && label.id) {
                input.setAttribute("aria-labelledby", label.id);
            } else {
                input.setAttribute("aria-label", label ? label.textContent.trim() : "Add a tag");
            }
        });
    }
    new MutationObserver(labelTagInputs).observe(document.documentElement, {
        childList: true,
        subtree: true,
    });
    document.addEventListener("DOMContentLoaded", labelTagInputs);
})();
