/* Error codes and version. */
#include "base/base.h"

const char *eml_strerror(eml_error error)
{
    switch (error) {
#define EML_X_ERROR_TEXT(name, value, text) \
    case value:                             \
        return text;
        EML_ERROR_MAP(EML_X_ERROR_TEXT)
#undef EML_X_ERROR_TEXT
    default:
        return "unknown error";
    }
}

const char *eml_error_name(eml_error error)
{
    switch (error) {
#define EML_X_ERROR_NAME(name, value, text) \
    case value:                             \
        return "EML_" #name;
        EML_ERROR_MAP(EML_X_ERROR_NAME)
#undef EML_X_ERROR_NAME
    default:
        return "EML_EUNKNOWN";
    }
}

#define EML_STR2(x) #x
#define EML_STR(x) EML_STR2(x)

unsigned eml_version(void)
{
    return EML_VERSION_NUMBER;
}

const char *eml_version_string(void)
{
    return EML_STR(EML_VERSION_MAJOR) "." EML_STR(EML_VERSION_MINOR) "." EML_STR(EML_VERSION_PATCH);
}
