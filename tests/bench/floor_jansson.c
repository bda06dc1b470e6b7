/* floor_jansson.c: the parse-only floor of the matcher benchmark.
 *
 * Reads JSON Lines from FILE, loads every line with jansson's json_loadb
 * (a DOM, as any JSON library gives), looks up "eventName" and counts the
 * lines whose eventName is one of the sixteen IAM policy events: the bare
 * cost of parsing plus one field lookup.  Built and run by bench_match.sh:
 *     floor_jansson FILE   ->  prints the count */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const names[] = {
    "DeleteGroupPolicy", "DeleteRolePolicy", "DeleteUserPolicy", "PutGroupPolicy",
    "PutRolePolicy", "PutUserPolicy", "CreatePolicy", "DeletePolicy", "CreatePolicyVersion",
    "DeletePolicyVersion", "AttachRolePolicy", "DetachRolePolicy", "AttachUserPolicy",
    "DetachUserPolicy", "AttachGroupPolicy", "DetachGroupPolicy",
};

int main(int argc, char **argv)
{
    if (argc != 2) {
        fputs("usage: floor_jansson FILE.jsonl\n", stderr);
        return 2;
    }
    FILE *f = fopen(argv[1], "rb");
    if (!f) {
        perror(argv[1]);
        return 2;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    long count = 0;
    while ((n = getline(&line, &cap, f)) > 0) {
        json_t *j = json_loadb(line, (size_t)n, 0, NULL);
        const char *name = json_string_value(json_object_get(j, "eventName"));
        for (size_t i = 0; name && i < sizeof names / sizeof names[0]; i++)
            if (strcmp(name, names[i]) == 0) {
                count++;
                break;
            }
        json_decref(j);
    }
    printf("%ld\n", count);
    free(line);
    fclose(f);
    return 0;
}
