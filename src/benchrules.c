/* benchrules.c: the built-in benchmark rules (`cwfilter rules`, `check
 * --rule`), and their documentation for `cwfilter explain`.
 *
 * Each requirement is written in the filter language and read by our own
 * parser: the benchmark's pattern under SPEC Part 1, with the facts that
 * CloudTrail guarantees for those events, and with the
 * benchmark's traps resolved as each explanation says.  The prescribed texts
 * are byte-exact copies of the benchmark's texts (what `check
 * --literal` compares with).  Aliases: cis-<version>-<control> for every
 * version; cis-4.N alone means the numbering of CIS 1.4.0 (the version
 * Security Hub's CIS 1.4.0 standard uses); securityhub-cloudwatch-N. */
#include "prove.h"

#include <string.h>
#include <strings.h>

/* Where the requirements come from: public sources only, which a user can
 * read without this repository. */
#define BENCH_SOURCES                                                              \
    "CIS Amazon Web Services Foundations Benchmark, v1.2.0 (section 3, "           \
    "Monitoring) and v1.3.0 to v7.0.0 (sections 4 and 5, Monitoring): each "       \
    "control's audit and remediation procedures. AWS Security Hub User Guide, "    \
    "\"Security Hub controls for CloudWatch\" "                                    \
    "(https://docs.aws.amazon.com/securityhub/latest/userguide/"                   \
    "cloudwatch-controls.html). Amazon CloudWatch Logs User Guide, \"Filter "      \
    "pattern syntax for metric filters, subscription filters, filter log events, " \
    "and Live Tail\" (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/"   \
    "FilterAndPatternSyntax.html). AWS CloudTrail User Guide, \"CloudTrail record " \
    "contents\" (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/"      \
    "cloudtrail-event-reference-record-contents.html)."

static const char *const r0_aliases[] = {
    "cis-1.2-3.4", "cis-4.4", "cis-1.3-4.4", "cis-1.4-4.4", "cis-1.5-4.4", "cis-2.0-4.4",
    "cis-3.0-4.4", "cis-4.0-4.4", "cis-5.0-4.4", "cis-6.0-5.4", "cis-7.0-5.4",
    "securityhub-cloudwatch-4", "lacework-global-60", NULL,
};
static const cwf_bench_text r0_texts[] = {
    {"CIS 1.2.0 to 7.0.0, audit and remediation (3.4, 4.4, 5.4)",
     "{($.eventName=DeleteGroupPolicy)||($.eventName=DeleteRolePolicy)"
     "||($.eventName=DeleteUserPolicy)||($.eventName=PutGroupPolicy)"
     "||($.eventName=PutRolePolicy)||($.eventName=PutUserPolicy)"
     "||($.eventName=CreatePolicy)||($.eventName=DeletePolicy)"
     "||($.eventName=CreatePolicyVersion)||($.eventName=DeletePolicyVersion)"
     "||($.eventName=AttachRolePolicy)||($.eventName=DetachRolePolicy)"
     "||($.eventName=AttachUserPolicy)||($.eventName=DetachUserPolicy)"
     "||($.eventName=AttachGroupPolicy)||($.eventName=DetachGroupPolicy)}"},
    {"Security Hub CloudWatch.4 (user guide, 2023-03)",
     "{($.eventName=DeleteGroupPolicy) || ($.eventName=DeleteRolePolicy) || "
     "($.eventName=DeleteUserPolicy) || ($.eventName=PutGroupPolicy) || "
     "($.eventName=PutRolePolicy) || ($.eventName=PutUserPolicy) || "
     "($.eventName=CreatePolicy) || ($.eventName=DeletePolicy) || "
     "($.eventName=CreatePolicyVersion) || ($.eventName=DeletePolicyVersion)"
     " || ($.eventName=AttachRolePolicy) || ($.eventName=DetachRolePolicy) "
     "|| ($.eventName=AttachUserPolicy) || ($.eventName=DetachUserPolicy) "
     "|| ($.eventName=AttachGroupPolicy) || ($.eventName=DetachGroupPolicy)}"},
    {"Security Hub CloudWatch.4 as quoted from the current page by third "
     "parties (not verified)",
     "{($.eventSource=iam.amazonaws.com) && (($.eventName=DeleteGroupPolicy)"
     " || ($.eventName=DeleteRolePolicy) || ($.eventName=DeleteUserPolicy) "
     "|| ($.eventName=PutGroupPolicy) || ($.eventName=PutRolePolicy) || "
     "($.eventName=PutUserPolicy) || ($.eventName=CreatePolicy) || "
     "($.eventName=DeletePolicy) || ($.eventName=CreatePolicyVersion) || "
     "($.eventName=DeletePolicyVersion) || ($.eventName=AttachRolePolicy) "
     "|| ($.eventName=DetachRolePolicy) || ($.eventName=AttachUserPolicy) "
     "|| ($.eventName=DetachUserPolicy) || ($.eventName=AttachGroupPolicy) "
     "|| ($.eventName=DetachGroupPolicy))}"},
};
static const char *const r1_aliases[] = {
    "cis-1.2-3.1", "cis-1.3-4.1", "securityhub-cloudwatch-2", NULL,
};
static const cwf_bench_text r1_texts[] = {
    {"CIS 1.2.0 3.1 and 1.3.0 4.1, audit and remediation",
     "{ ($.errorCode = \"*UnauthorizedOperation\") || ($.errorCode = "
     "\"AccessDenied*\") }"},
    {"Security Hub CloudWatch.2 (CIS 1.2.0 standard)",
     "{($.errorCode=\"*UnauthorizedOperation\") || "
     "($.errorCode=\"AccessDenied*\")}"},
};
static const char *const r2_aliases[] = {
    "cis-4.1", "cis-1.4-4.1", "cis-1.5-4.1", "cis-2.0-4.1", "cis-3.0-4.1", "cis-4.0-4.1",
    "cis-5.0-4.1", "cis-6.0-5.1", "cis-7.0-5.1", NULL,
};
static const cwf_bench_text r2_texts[] = {
    {"CIS 2.0.0 to 7.0.0, audit and remediation (4.1, 5.1)",
     "{ ($.errorCode =\"*UnauthorizedOperation\") || ($.errorCode "
     "=\"AccessDenied*\") && ($.sourceIPAddress!=\"delivery.logs.amazonaws.com\""
     ") && ($.eventName!=\"HeadBucket\") }"},
    {"CIS 1.4.0 and 1.5.0 4.1, remediation",
     "{ ($.errorCode = \"*UnauthorizedOperation\") || ($.errorCode = "
     "\"AccessDenied*\") || ($.sourceIPAddress!=\"delivery.logs.amazonaws.com\")"
     " || ($.eventName!=\"HeadBucket\") }"},
    {"CIS 1.4.0 and 1.5.0 4.1, audit as the benchmark exports print it",
     "{ ($.errorCode = *UnauthorizedOperation) || ($.errorCode = "
     "AccessDenied*) || ($.sourceIPAddress!=delivery.logs.amazonaws.com) || "
     "($.eventName!=HeadBucket) }"},
};
static const char *const r3_aliases[] = {
    "cis-1.2-3.2", "cis-1.3-4.2", NULL,
};
static const cwf_bench_text r3_texts[] = {
    {"CIS 1.2.0 3.2 and 1.3.0 4.2 (and the primary text of every later "
     "version)",
     "{ ($.eventName = \"ConsoleLogin\") && ($.additionalEventData.MFAUsed != "
     "\"Yes\") }"},
    {"Security Hub CloudWatch.3 / CIS 3.2, user guide 2020-02 to 2022-05",
     "{($.eventName=\"ConsoleLogin\") && ($.additionalEventData.MFAUsed "
     "!=\"Yes\")}"},
};
static const char *const r4_aliases[] = {
    "cis-4.2", "cis-1.4-4.2", "cis-1.5-4.2", "cis-2.0-4.2", "cis-3.0-4.2", "cis-4.0-4.2",
    "cis-5.0-4.2", "cis-6.0-5.2", "cis-7.0-5.2", "securityhub-cloudwatch-3", NULL,
};
static const cwf_bench_text r4_texts[] = {
    {"CIS 1.4.0 to 7.0.0, the alternative \"to reduce false positives\" with "
     "SSO; Security Hub CloudWatch.3 since 2022-05",
     "{ ($.eventName = \"ConsoleLogin\") && ($.additionalEventData.MFAUsed != "
     "\"Yes\") && ($.userIdentity.type = \"IAMUser\") && "
     "($.responseElements.ConsoleLogin = \"Success\") }"},
    {"CIS 1.4.0 to 7.0.0, the primary text",
     "{ ($.eventName = \"ConsoleLogin\") && ($.additionalEventData.MFAUsed != "
     "\"Yes\") }"},
};
static const char *const r5_aliases[] = {
    "cis-1.2-3.3", "cis-4.3", "cis-1.3-4.3", "cis-1.4-4.3", "cis-1.5-4.3", "cis-2.0-4.3",
    "cis-3.0-4.3", "cis-4.0-4.3", "cis-5.0-4.3", "cis-6.0-5.3", "cis-7.0-5.3",
    "securityhub-cloudwatch-1", NULL,
};
static const cwf_bench_text r5_texts[] = {
    {"CIS 1.2.0 to 7.0.0, audit and remediation (3.3, 4.3, 5.3)",
     "{ $.userIdentity.type = \"Root\" && $.userIdentity.invokedBy NOT EXISTS "
     "&& $.eventType != \"AwsServiceEvent\" }"},
    {"Security Hub CloudWatch.1",
     "{$.userIdentity.type=\"Root\" && $.userIdentity.invokedBy NOT EXISTS && "
     "$.eventType !=\"AwsServiceEvent\"}"},
};
static const char *const r6_aliases[] = {
    "cis-1.2-3.5", "cis-4.5", "cis-1.3-4.5", "cis-1.4-4.5", "cis-1.5-4.5", "cis-2.0-4.5",
    "cis-3.0-4.5", "cis-4.0-4.5", "cis-5.0-4.5", "cis-6.0-5.5", "cis-7.0-5.5",
    "securityhub-cloudwatch-5", NULL,
};
static const cwf_bench_text r6_texts[] = {
    {"CIS 1.2.0 to 7.0.0, audit and remediation (3.5, 4.5, 5.5)",
     "{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || "
     "($.eventName = DeleteTrail) || ($.eventName = StartLogging) || "
     "($.eventName = StopLogging) }"},
    {"Security Hub CloudWatch.5",
     "{($.eventName=CreateTrail) || ($.eventName=UpdateTrail) || "
     "($.eventName=DeleteTrail) || ($.eventName=StartLogging) || "
     "($.eventName=StopLogging)}"},
};
static const char *const r7_aliases[] = {
    "cis-1.2-3.6", "cis-4.6", "cis-1.3-4.6", "cis-1.4-4.6", "cis-1.5-4.6", "cis-2.0-4.6",
    "cis-3.0-4.6", "cis-4.0-4.6", "cis-5.0-4.6", "cis-6.0-5.6", "cis-7.0-5.6",
    "securityhub-cloudwatch-6", NULL,
};
static const cwf_bench_text r7_texts[] = {
    {"CIS 1.2.0 to 7.0.0, audit and remediation (3.6, 4.6, 5.6)",
     "{ ($.eventName = ConsoleLogin) && ($.errorMessage = \"Failed "
     "authentication\") }"},
    {"Security Hub CloudWatch.6",
     "{($.eventName=ConsoleLogin) && ($.errorMessage=\"Failed "
     "authentication\")}"},
};
static const char *const r8_aliases[] = {
    "cis-1.2-3.7", "cis-4.7", "cis-1.3-4.7", "cis-1.4-4.7", "cis-1.5-4.7", "cis-2.0-4.7",
    "cis-3.0-4.7", "cis-4.0-4.7", "cis-5.0-4.7", "cis-6.0-5.7", "cis-7.0-5.7",
    "securityhub-cloudwatch-7", NULL,
};
static const cwf_bench_text r8_texts[] = {
    {"CIS 1.2.0 to 7.0.0, audit and remediation (3.7, 4.7, 5.7)",
     "{($.eventSource = kms.amazonaws.com) && (($.eventName=DisableKey)"
     "||($.eventName=ScheduleKeyDeletion)) }"},
    {"Security Hub CloudWatch.7",
     "{($.eventSource=kms.amazonaws.com) && (($.eventName=DisableKey) || "
     "($.eventName=ScheduleKeyDeletion))}"},
};
static const char *const r9_aliases[] = {
    "cis-1.2-3.8", "cis-4.8", "cis-1.3-4.8", "cis-1.4-4.8", "cis-1.5-4.8", "cis-2.0-4.8",
    "cis-3.0-4.8", "cis-4.0-4.8", "cis-5.0-4.8", "cis-6.0-5.8", "cis-7.0-5.8",
    "securityhub-cloudwatch-8", NULL,
};
static const cwf_bench_text r9_texts[] = {
    {"CIS 1.2.0 to 7.0.0, audit and remediation (3.8, 4.8, 5.8)",
     "{ ($.eventSource = s3.amazonaws.com) && (($.eventName = PutBucketAcl) "
     "|| ($.eventName = PutBucketPolicy) || ($.eventName = PutBucketCors) "
     "|| ($.eventName = PutBucketLifecycle) || ($.eventName = "
     "PutBucketReplication) || ($.eventName = DeleteBucketPolicy) || "
     "($.eventName = DeleteBucketCors) || ($.eventName = "
     "DeleteBucketLifecycle) || ($.eventName = DeleteBucketReplication)) }"},
    {"Security Hub CloudWatch.8",
     "{($.eventSource=s3.amazonaws.com) && (($.eventName=PutBucketAcl) || "
     "($.eventName=PutBucketPolicy) || ($.eventName=PutBucketCors) || "
     "($.eventName=PutBucketLifecycle) || ($.eventName=PutBucketReplication)"
     " || ($.eventName=DeleteBucketPolicy) || ($.eventName=DeleteBucketCors)"
     " || ($.eventName=DeleteBucketLifecycle) || "
     "($.eventName=DeleteBucketReplication))}"},
};
static const char *const r10_aliases[] = {
    "cis-1.2-3.9", "cis-4.9", "cis-1.3-4.9", "cis-1.4-4.9", "cis-1.5-4.9", "cis-2.0-4.9",
    "cis-3.0-4.9", "cis-4.0-4.9", "cis-5.0-4.9", "cis-6.0-5.9", "cis-7.0-5.9",
    "securityhub-cloudwatch-9", NULL,
};
static const cwf_bench_text r10_texts[] = {
    {"CIS 1.2.0 to 7.0.0, audit and remediation (3.9, 4.9, 5.9)",
     "{ ($.eventSource = config.amazonaws.com) && "
     "(($.eventName=StopConfigurationRecorder)||($.eventName=DeleteDeliveryC"
     "hannel)||($.eventName=PutDeliveryChannel)"
     "||($.eventName=PutConfigurationRecorder)) }"},
    {"Security Hub CloudWatch.9",
     "{($.eventSource=config.amazonaws.com) && "
     "(($.eventName=StopConfigurationRecorder) || "
     "($.eventName=DeleteDeliveryChannel) || ($.eventName=PutDeliveryChannel"
     ") || ($.eventName=PutConfigurationRecorder))}"},
};
static const char *const r11_aliases[] = {
    "cis-1.2-3.10", "cis-4.10", "cis-1.3-4.10", "cis-1.4-4.10", "cis-1.5-4.10",
    "cis-2.0-4.10", "cis-3.0-4.10", "cis-4.0-4.10", "securityhub-cloudwatch-10", NULL,
};
static const cwf_bench_text r11_texts[] = {
    {"CIS 1.2.0 to 7.0.0, audit and remediation (3.10, 4.10, 5.10)",
     "{ ($.eventName = AuthorizeSecurityGroupIngress) || ($.eventName = "
     "AuthorizeSecurityGroupEgress) || ($.eventName = "
     "RevokeSecurityGroupIngress) || ($.eventName = "
     "RevokeSecurityGroupEgress) || ($.eventName = CreateSecurityGroup) || "
     "($.eventName = DeleteSecurityGroup) }"},
    {"Security Hub CloudWatch.10",
     "{($.eventName=AuthorizeSecurityGroupIngress) || "
     "($.eventName=AuthorizeSecurityGroupEgress) || "
     "($.eventName=RevokeSecurityGroupIngress) || "
     "($.eventName=RevokeSecurityGroupEgress) || "
     "($.eventName=CreateSecurityGroup) || ($.eventName=DeleteSecurityGroup)"
     "}"},
};
static const char *const r12_aliases[] = {
    "cis-5.0-4.10", "cis-6.0-5.10", "cis-7.0-5.10", NULL,
};
static const cwf_bench_text r12_texts[] = {
    {"CIS 5.0.0 to 7.0.0, audit and remediation (4.10, 5.10)",
     "{ ($.eventName = AuthorizeSecurityGroupIngress) || ($.eventName = "
     "AuthorizeSecurityGroupEgress) || ($.eventName = "
     "RevokeSecurityGroupIngress) || ($.eventName = "
     "RevokeSecurityGroupEgress) || ($.eventName = CreateSecurityGroup) || "
     "($.eventName = DeleteSecurityGroup) || ($.eventName = "
     "ModifySecurityGroupRules) }"},
};
static const char *const r13_aliases[] = {
    "cis-1.2-3.11", "cis-4.11", "cis-1.3-4.11", "cis-1.4-4.11", "cis-1.5-4.11",
    "cis-2.0-4.11", "cis-3.0-4.11", "cis-4.0-4.11", "cis-5.0-4.11", "cis-6.0-5.11",
    "cis-7.0-5.11", "securityhub-cloudwatch-11", NULL,
};
static const cwf_bench_text r13_texts[] = {
    {"CIS 1.2.0 to 7.0.0, audit and remediation (3.11, 4.11, 5.11)",
     "{ ($.eventName = CreateNetworkAcl) || ($.eventName = "
     "CreateNetworkAclEntry) || ($.eventName = DeleteNetworkAcl) || "
     "($.eventName = DeleteNetworkAclEntry) || ($.eventName = "
     "ReplaceNetworkAclEntry) || ($.eventName = "
     "ReplaceNetworkAclAssociation) }"},
    {"Security Hub CloudWatch.11",
     "{($.eventName=CreateNetworkAcl) || ($.eventName=CreateNetworkAclEntry)"
     " || ($.eventName=DeleteNetworkAcl) || ($.eventName=DeleteNetworkAclEnt"
     "ry) || ($.eventName=ReplaceNetworkAclEntry) || "
     "($.eventName=ReplaceNetworkAclAssociation)}"},
};
static const char *const r14_aliases[] = {
    "cis-1.2-3.12", "cis-4.12", "cis-1.3-4.12", "cis-1.4-4.12", "cis-1.5-4.12",
    "cis-2.0-4.12", "cis-3.0-4.12", "cis-4.0-4.12", "cis-5.0-4.12", "cis-6.0-5.12",
    "cis-7.0-5.12", "securityhub-cloudwatch-12", NULL,
};
static const cwf_bench_text r14_texts[] = {
    {"CIS 1.2.0 to 7.0.0, audit and remediation (3.12, 4.12, 5.12)",
     "{ ($.eventName = CreateCustomerGateway) || ($.eventName = "
     "DeleteCustomerGateway) || ($.eventName = AttachInternetGateway) || "
     "($.eventName = CreateInternetGateway) || ($.eventName = "
     "DeleteInternetGateway) || ($.eventName = DetachInternetGateway) }"},
    {"Security Hub CloudWatch.12",
     "{($.eventName=CreateCustomerGateway) || ($.eventName=DeleteCustomerGat"
     "eway) || ($.eventName=AttachInternetGateway) || "
     "($.eventName=CreateInternetGateway) || ($.eventName=DeleteInternetGate"
     "way) || ($.eventName=DetachInternetGateway)}"},
};
static const char *const r15_aliases[] = {
    "cis-1.2-3.13", "cis-4.13", "cis-1.3-4.13", "cis-1.4-4.13", "cis-1.5-4.13",
    "cis-2.0-4.13", "cis-3.0-4.13", "cis-4.0-4.13", "cis-5.0-4.13", "cis-6.0-5.13",
    "cis-7.0-5.13", "securityhub-cloudwatch-13", NULL,
};
static const cwf_bench_text r15_texts[] = {
    {"CIS 1.2.0 to 7.0.0, audit and remediation (3.13, 4.13, 5.13)",
     "{ ($.eventName = CreateRoute) || ($.eventName = CreateRouteTable) || "
     "($.eventName = ReplaceRoute) || ($.eventName = "
     "ReplaceRouteTableAssociation) || ($.eventName = DeleteRouteTable) || "
     "($.eventName = DeleteRoute) || ($.eventName = DisassociateRouteTable) "
     "}"},
    {"Security Hub CloudWatch.13",
     "{($.eventName=CreateRoute) || ($.eventName=CreateRouteTable) || "
     "($.eventName=ReplaceRoute) || ($.eventName=ReplaceRouteTableAssociatio"
     "n) || ($.eventName=DeleteRouteTable) || ($.eventName=DeleteRoute) || "
     "($.eventName=DisassociateRouteTable)}"},
    {"CIS 3.0.0 to 7.0.0, audit only (4.13, 5.13)",
     "{($.eventSource = ec2.amazonaws.com) && ($.eventName = CreateRoute) "
     "|| ($.eventName = CreateRouteTable) || ($.eventName = ReplaceRoute) "
     "|| ($.eventName = ReplaceRouteTableAssociation) || ($.eventName = "
     "DeleteRouteTable) || ($.eventName = DeleteRoute) || ($.eventName = "
     "DisassociateRouteTable) }"},
    {"Security Hub CloudWatch.13 as quoted from the current page by third "
     "parties (not verified)",
     "{($.eventSource=ec2.amazonaws.com) && (($.eventName=CreateRoute) || "
     "($.eventName=CreateRouteTable) || ($.eventName=ReplaceRoute) || "
     "($.eventName=ReplaceRouteTableAssociation) || "
     "($.eventName=DeleteRouteTable) || ($.eventName=DeleteRoute) || "
     "($.eventName=DisassociateRouteTable))}"},
};
static const char *const r16_aliases[] = {
    "cis-1.2-3.14", "cis-4.14", "cis-1.3-4.14", "cis-1.4-4.14", "cis-1.5-4.14",
    "cis-2.0-4.14", "cis-3.0-4.14", "cis-4.0-4.14", "cis-5.0-4.14", "cis-6.0-5.14",
    "cis-7.0-5.14", "securityhub-cloudwatch-14", NULL,
};
static const cwf_bench_text r16_texts[] = {
    {"CIS 1.2.0 to 7.0.0, audit and remediation (3.14, 4.14, 5.14)",
     "{ ($.eventName = CreateVpc) || ($.eventName = DeleteVpc) || "
     "($.eventName = ModifyVpcAttribute) || ($.eventName = "
     "AcceptVpcPeeringConnection) || ($.eventName = "
     "CreateVpcPeeringConnection) || ($.eventName = "
     "DeleteVpcPeeringConnection) || ($.eventName = "
     "RejectVpcPeeringConnection) || ($.eventName = AttachClassicLinkVpc) "
     "|| ($.eventName = DetachClassicLinkVpc) || ($.eventName = "
     "DisableVpcClassicLink) || ($.eventName = EnableVpcClassicLink) }"},
    {"Security Hub CloudWatch.14",
     "{($.eventName=CreateVpc) || ($.eventName=DeleteVpc) || "
     "($.eventName=ModifyVpcAttribute) || ($.eventName=AcceptVpcPeeringConne"
     "ction) || ($.eventName=CreateVpcPeeringConnection) || "
     "($.eventName=DeleteVpcPeeringConnection) || "
     "($.eventName=RejectVpcPeeringConnection) || "
     "($.eventName=AttachClassicLinkVpc) || ($.eventName=DetachClassicLinkVp"
     "c) || ($.eventName=DisableVpcClassicLink) || "
     "($.eventName=EnableVpcClassicLink)}"},
};
static const char *const r17_aliases[] = {
    "cis-4.15", "cis-1.3-4.15", "cis-1.4-4.15", "cis-1.5-4.15", "cis-2.0-4.15",
    "cis-3.0-4.15", "cis-4.0-4.15", "cis-5.0-4.15", "cis-6.0-5.15", "cis-7.0-5.15", NULL,
};
static const cwf_bench_text r17_texts[] = {
    {"CIS 1.3.0 to 7.0.0, audit and remediation (4.15, 5.15)",
     "{ ($.eventSource = organizations.amazonaws.com) && (($.eventName = "
     "\"AcceptHandshake\") || ($.eventName = \"AttachPolicy\") || ($.eventName "
     "= \"CreateAccount\") || ($.eventName = \"CreateOrganizationalUnit\") || "
     "($.eventName = \"CreatePolicy\") || ($.eventName = \"DeclineHandshake\") "
     "|| ($.eventName = \"DeleteOrganization\") || ($.eventName = "
     "\"DeleteOrganizationalUnit\") || ($.eventName = \"DeletePolicy\") || "
     "($.eventName = \"DetachPolicy\") || ($.eventName = \"DisablePolicyType\") "
     "|| ($.eventName = \"EnablePolicyType\") || ($.eventName = "
     "\"InviteAccountToOrganization\") || ($.eventName = \"LeaveOrganization\") "
     "|| ($.eventName = \"MoveAccount\") || ($.eventName = "
     "\"RemoveAccountFromOrganization\") || ($.eventName = \"UpdatePolicy\") || "
     "($.eventName = \"UpdateOrganizationalUnit\")) }"},
    {"CIS 7.0.0 5.15 as one transcription prints it (double spaces; "
     "unresolved)",
     "{ ($.eventSource = organizations.amazonaws.com) && (($.eventName = "
     "\"AcceptHandshake\")  || ($.eventName = \"AttachPolicy\")  || "
     "($.eventName = \"CreateAccount\") || ($.eventName = "
     "\"CreateOrganizationalUnit\") || ($.eventName = \"CreatePolicy\") || "
     "($.eventName = \"DeclineHandshake\") || ($.eventName = "
     "\"DeleteOrganization\") || ($.eventName = \"DeleteOrganizationalUnit\") "
     "|| ($.eventName = \"DeletePolicy\") ||  ($.eventName = \"DetachPolicy\") "
     "|| ($.eventName = \"DisablePolicyType\") || ($.eventName = "
     "\"EnablePolicyType\") || ($.eventName = \"InviteAccountToOrganization\") "
     "|| ($.eventName = \"LeaveOrganization\") || ($.eventName = "
     "\"MoveAccount\") || ($.eventName = \"RemoveAccountFromOrganization\") || "
     "($.eventName = \"UpdatePolicy\") || ($.eventName = "
     "\"UpdateOrganizationalUnit\")) }"},
};

/* ORDER: the IAM rule first (the default of `check`), then as `cwfilter rules` lists them. */
const cwf_bench_rule cwf_bench_rules[] = {
    {
        .id = "cis-iam-policy-changes",
        .aliases = r0_aliases,
        .title = "IAM policy changes",
        .requirement = "{ $.eventSource = \"iam.amazonaws.com\" && $.eventType = \"AwsApiCall\" "
            "&& ($.eventName = \"DeleteGroupPolicy\" || $.eventName = "
            "\"DeleteRolePolicy\" || $.eventName = \"DeleteUserPolicy\" || $.eventName "
            "= \"PutGroupPolicy\" || $.eventName = \"PutRolePolicy\" || $.eventName = "
            "\"PutUserPolicy\" || $.eventName = \"CreatePolicy\" || $.eventName = "
            "\"DeletePolicy\" || $.eventName = \"CreatePolicyVersion\" || $.eventName "
            "= \"DeletePolicyVersion\" || $.eventName = \"AttachRolePolicy\" || "
            "$.eventName = \"DetachRolePolicy\" || $.eventName = \"AttachUserPolicy\" "
            "|| $.eventName = \"DetachUserPolicy\" || $.eventName = "
            "\"AttachGroupPolicy\" || $.eventName = \"DetachGroupPolicy\") }",
        .prescribed = "{($.eventName=DeleteGroupPolicy)||($.eventName=DeleteRolePolicy)"
            "||($.eventName=DeleteUserPolicy)||($.eventName=PutGroupPolicy)"
            "||($.eventName=PutRolePolicy)||($.eventName=PutUserPolicy)"
            "||($.eventName=CreatePolicy)||($.eventName=DeletePolicy)"
            "||($.eventName=CreatePolicyVersion)||($.eventName=DeletePolicyVersion)"
            "||($.eventName=AttachRolePolicy)||($.eventName=DetachRolePolicy)"
            "||($.eventName=AttachUserPolicy)||($.eventName=DetachUserPolicy)"
            "||($.eventName=AttachGroupPolicy)||($.eventName=DetachGroupPolicy)}",
        .sources = BENCH_SOURCES,
        .explanation = "Ensure a log metric filter and alarm exist for IAM policy changes. "
            "The pattern must match every CloudTrail record of the sixteen IAM "
            "calls that change a policy: DeleteGroupPolicy, DeleteRolePolicy, "
            "DeleteUserPolicy, PutGroupPolicy, PutRolePolicy, PutUserPolicy, "
            "CreatePolicy, DeletePolicy, CreatePolicyVersion, DeletePolicyVersion, "
            "AttachRolePolicy, DetachRolePolicy, AttachUserPolicy, "
            "DetachUserPolicy, AttachGroupPolicy, DetachGroupPolicy. The "
            "benchmark's text is the same in every version from 1.2.0 to 7.0.0. "
            "`check` proves each name separately, so a miss names the event and "
            "shows a record that slips through.\n\nTraps: the remediation command "
            "splits the pattern with a shell line continuation inside single "
            "quotes, which leaves a backslash and a newline in the pattern (CWF112)"
            ". `$.eventName = CreatePolicyVersion` does not match CreatePolicy: "
            "`=` compares the whole value. A `*` inside a value (`Put*Policy`) is "
            "a literal character. Security Hub compares the text literally, so a "
            "pattern that cwfilter proves correct can still fail CloudWatch.4; "
            "`check --literal` says how it differs. Security Hub's current text "
            "reportedly adds `$.eventSource=iam.amazonaws.com`, which the "
            "requirement's facts allow.",
        .texts = r0_texts,
        .ntexts = sizeof r0_texts / sizeof r0_texts[0],
        .unit = "event name",
        .facts = "A CloudTrail record of these calls has $.eventSource "
            "\"iam.amazonaws.com\" and $.eventType \"AwsApiCall\"; every other field "
            "may hold anything or be absent.",
    },
    {
        .id = "cis-unauthorized-api-calls",
        .aliases = r1_aliases,
        .title = "unauthorized API calls",
        .requirement = "{ $.errorCode = \"*UnauthorizedOperation\" || $.errorCode = "
            "\"AccessDenied*\" }",
        .prescribed = "{ ($.errorCode = \"*UnauthorizedOperation\") || ($.errorCode = "
            "\"AccessDenied*\") }",
        .sources = BENCH_SOURCES,
        .explanation = "Ensure a log metric filter and alarm exist for unauthorized API "
            "calls, as CIS 1.2.0 (3.1) and 1.3.0 (4.1) and Security Hub "
            "CloudWatch.2 prescribe it: every record whose $.errorCode ends with "
            "UnauthorizedOperation or starts with AccessDenied. The calls span "
            "every service, so the requirement adds no eventSource fact. From CIS "
            "1.4.0 on the control excludes two sources of noise: see "
            "cis-unauthorized-api-calls-v1.4 (alias cis-4.1).",
        .texts = r1_texts,
        .ntexts = sizeof r1_texts / sizeof r1_texts[0],
        .unit = NULL,
        .facts = NULL,
    },
    {
        .id = "cis-unauthorized-api-calls-v1.4",
        .aliases = r2_aliases,
        .title = "unauthorized API calls (CIS 1.4.0 and later)",
        .requirement = "{ ($.errorCode = \"*UnauthorizedOperation\" || $.errorCode = "
            "\"AccessDenied*\") && $.sourceIPAddress != "
            "\"delivery.logs.amazonaws.com\" && $.eventName != \"HeadBucket\" }",
        .prescribed = "{ ($.errorCode =\"*UnauthorizedOperation\") || ($.errorCode "
            "=\"AccessDenied*\") && ($.sourceIPAddress!=\"delivery.logs.amazonaws.com\""
            ") && ($.eventName!=\"HeadBucket\") }",
        .sources = BENCH_SOURCES,
        .explanation = "Ensure unauthorized API calls are monitored, CIS 1.4.0 to 7.0.0: "
            "records whose $.errorCode ends with UnauthorizedOperation or starts "
            "with AccessDenied, except those from delivery.logs.amazonaws.com and "
            "HeadBucket calls.\n\nWhat the requirement is, and why: the benchmark's "
            "own texts cannot be read literally. 1.4.0 and 1.5.0 join all four "
            "terms with `||`; two of them are negations, so read literally the "
            "filter matches nearly every record, errors or not. 2.0.0 and later "
            "write `A || B && C && D`; under the documented precedence (&& binds "
            "tighter) that is `A || (B && C && D)`, which applies the "
            "exclusions to AccessDenied errors only. The prose intends `(A || B) "
            "&& C && D`, and that is the requirement here. A pattern written "
            "exactly as 2.0.0 prints it covers this requirement (its extra matches "
            "are harmless), and so do the broader 1.2.0 pattern and the 1.4.0 "
            "text. Note that `!=` is false when the field is missing, "
            "so records without sourceIPAddress are outside the requirement too.",
        .texts = r2_texts,
        .ntexts = sizeof r2_texts / sizeof r2_texts[0],
        .unit = NULL,
        .facts = NULL,
    },
    {
        .id = "cis-console-signin-without-mfa",
        .aliases = r3_aliases,
        .title = "console sign-in without MFA",
        .requirement = "{ $.eventSource = \"signin.amazonaws.com\" && $.eventType = "
            "\"AwsConsoleSignIn\" && $.eventName = \"ConsoleLogin\" && "
            "$.additionalEventData.MFAUsed != \"Yes\" }",
        .prescribed = "{ ($.eventName = \"ConsoleLogin\") && ($.additionalEventData.MFAUsed != "
            "\"Yes\") }",
        .sources = BENCH_SOURCES,
        .explanation = "Ensure a log metric filter and alarm exist for Management Console "
            "sign-in without MFA, as CIS 1.2.0 and 1.3.0 prescribe it: every "
            "ConsoleLogin record whose $.additionalEventData.MFAUsed is present "
            "and not \"Yes\". From 1.4.0 on the benchmark also accepts a narrower "
            "pattern for accounts that use SSO: see cis-console-signin-without-mfa-"
            "v1.4 (alias cis-4.2).",
        .texts = r3_texts,
        .ntexts = sizeof r3_texts / sizeof r3_texts[0],
        .unit = NULL,
        .facts = "A ConsoleLogin record has $.eventSource "
            "\"signin.amazonaws.com\" and $.eventType \"AwsConsoleSignIn\".",
    },
    {
        .id = "cis-console-signin-without-mfa-v1.4",
        .aliases = r4_aliases,
        .title = "console sign-in without MFA (CIS 1.4.0 and later)",
        .requirement = "{ $.eventSource = \"signin.amazonaws.com\" && $.eventType = "
            "\"AwsConsoleSignIn\" && $.eventName = \"ConsoleLogin\" && "
            "$.additionalEventData.MFAUsed != \"Yes\" && $.userIdentity.type = "
            "\"IAMUser\" && $.responseElements.ConsoleLogin = \"Success\" }",
        .prescribed = "{ ($.eventName = \"ConsoleLogin\") && ($.additionalEventData.MFAUsed != "
            "\"Yes\") && ($.userIdentity.type = \"IAMUser\") && "
            "($.responseElements.ConsoleLogin = \"Success\") }",
        .sources = BENCH_SOURCES,
        .explanation = "Ensure management console sign-in without MFA is monitored, CIS 1.4.0 "
            "to 7.0.0 and Security Hub CloudWatch.3: successful ConsoleLogin "
            "records of IAM users whose $.additionalEventData.MFAUsed is present "
            "and not \"Yes\". The benchmark prints two patterns, the primary one "
            "(all ConsoleLogin records without MFA) and an alternative that also "
            "requires an IAMUser and a successful sign-in. Either satisfies it, so "
            "the requirement is the narrower alternative: both prescribed patterns "
            "cover it.",
        .texts = r4_texts,
        .ntexts = sizeof r4_texts / sizeof r4_texts[0],
        .unit = NULL,
        .facts = "A ConsoleLogin record has $.eventSource "
            "\"signin.amazonaws.com\" and $.eventType \"AwsConsoleSignIn\".",
    },
    {
        .id = "cis-root-account-usage",
        .aliases = r5_aliases,
        .title = "root account usage",
        .requirement = "{ $.userIdentity.type = \"Root\" && $.userIdentity.invokedBy NOT EXISTS "
            "&& $.eventType != \"AwsServiceEvent\" }",
        .prescribed = "{ $.userIdentity.type = \"Root\" && $.userIdentity.invokedBy NOT EXISTS "
            "&& $.eventType != \"AwsServiceEvent\" }",
        .sources = BENCH_SOURCES,
        .explanation = "Ensure a log metric filter and alarm exist for usage of the root "
            "account: records made by the root user itself (not by an AWS service "
            "on its behalf, and not service events). Root usage spans every "
            "service, so the requirement adds no eventSource fact. `$.eventType != "
            "\"AwsServiceEvent\"` is false when eventType is missing; "
            "every CloudTrail record has it.",
        .texts = r5_texts,
        .ntexts = sizeof r5_texts / sizeof r5_texts[0],
        .unit = NULL,
        .facts = NULL,
    },
    {
        .id = "cis-cloudtrail-config-changes",
        .aliases = r6_aliases,
        .title = "CloudTrail configuration changes",
        .requirement = "{ $.eventSource = \"cloudtrail.amazonaws.com\" && $.eventType = "
            "\"AwsApiCall\" && ($.eventName = \"CreateTrail\" || $.eventName = "
            "\"UpdateTrail\" || $.eventName = \"DeleteTrail\" || $.eventName = "
            "\"StartLogging\" || $.eventName = \"StopLogging\") }",
        .prescribed = "{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || "
            "($.eventName = DeleteTrail) || ($.eventName = StartLogging) || "
            "($.eventName = StopLogging) }",
        .sources = BENCH_SOURCES,
        .explanation = "Ensure a log metric filter and alarm exist for CloudTrail "
            "configuration changes: the pattern must match every CloudTrail record "
            "of the 5 calls CreateTrail, UpdateTrail, DeleteTrail, StartLogging, "
            "StopLogging.",
        .texts = r6_texts,
        .ntexts = sizeof r6_texts / sizeof r6_texts[0],
        .unit = "event name",
        .facts = "CloudTrail records of these calls have $.eventSource "
            "\"cloudtrail.amazonaws.com\" and $.eventType \"AwsApiCall\".",
    },
    {
        .id = "cis-console-auth-failures",
        .aliases = r7_aliases,
        .title = "console authentication failures",
        .requirement = "{ $.eventSource = \"signin.amazonaws.com\" && $.eventType = "
            "\"AwsConsoleSignIn\" && $.eventName = \"ConsoleLogin\" && $.errorMessage "
            "= \"Failed authentication\" }",
        .prescribed = "{ ($.eventName = ConsoleLogin) && ($.errorMessage = \"Failed "
            "authentication\") }",
        .sources = BENCH_SOURCES,
        .explanation = "Ensure a log metric filter and alarm exist for AWS Management Console "
            "authentication failures: ConsoleLogin records whose $.errorMessage is "
            "\"Failed authentication\".",
        .texts = r7_texts,
        .ntexts = sizeof r7_texts / sizeof r7_texts[0],
        .unit = NULL,
        .facts = "A ConsoleLogin record has $.eventSource "
            "\"signin.amazonaws.com\" and $.eventType \"AwsConsoleSignIn\".",
    },
    {
        .id = "cis-cmk-disable-or-deletion",
        .aliases = r8_aliases,
        .title = "disabling or scheduled deletion of customer created CMKs",
        .requirement = "{ $.eventSource = \"kms.amazonaws.com\" && $.eventType = \"AwsApiCall\" "
            "&& ($.eventName = \"DisableKey\" || $.eventName = \"ScheduleKeyDeletion\")"
            " }",
        .prescribed = "{($.eventSource = kms.amazonaws.com) && (($.eventName=DisableKey)"
            "||($.eventName=ScheduleKeyDeletion)) }",
        .sources = BENCH_SOURCES,
        .explanation = "Ensure a log metric filter and alarm exist for disabling or scheduled "
            "deletion of customer created CMKs: the pattern must match every "
            "CloudTrail record of the 2 calls DisableKey, ScheduleKeyDeletion. The "
            "benchmark's text already gates on kms.amazonaws.com.",
        .texts = r8_texts,
        .ntexts = sizeof r8_texts / sizeof r8_texts[0],
        .unit = "event name",
        .facts = "CloudTrail records of these calls have $.eventSource "
            "\"kms.amazonaws.com\" and $.eventType \"AwsApiCall\".",
    },
    {
        .id = "cis-s3-bucket-policy-changes",
        .aliases = r9_aliases,
        .title = "S3 bucket policy changes",
        .requirement = "{ $.eventSource = \"s3.amazonaws.com\" && $.eventType = \"AwsApiCall\" && "
            "($.eventName = \"PutBucketAcl\" || $.eventName = \"PutBucketPolicy\" || "
            "$.eventName = \"PutBucketCors\" || $.eventName = \"PutBucketLifecycle\" "
            "|| $.eventName = \"PutBucketReplication\" || $.eventName = "
            "\"DeleteBucketPolicy\" || $.eventName = \"DeleteBucketCors\" || "
            "$.eventName = \"DeleteBucketLifecycle\" || $.eventName = "
            "\"DeleteBucketReplication\") }",
        .prescribed = "{ ($.eventSource = s3.amazonaws.com) && (($.eventName = PutBucketAcl) "
            "|| ($.eventName = PutBucketPolicy) || ($.eventName = PutBucketCors) "
            "|| ($.eventName = PutBucketLifecycle) || ($.eventName = "
            "PutBucketReplication) || ($.eventName = DeleteBucketPolicy) || "
            "($.eventName = DeleteBucketCors) || ($.eventName = "
            "DeleteBucketLifecycle) || ($.eventName = DeleteBucketReplication)) }",
        .sources = BENCH_SOURCES,
        .explanation = "Ensure a log metric filter and alarm exist for S3 bucket policy "
            "changes: the pattern must match every CloudTrail record of the 9 "
            "calls PutBucketAcl, PutBucketPolicy, PutBucketCors, "
            "PutBucketLifecycle, PutBucketReplication, DeleteBucketPolicy, "
            "DeleteBucketCors, DeleteBucketLifecycle, DeleteBucketReplication. The "
            "nine names include ACL, CORS, lifecycle and replication calls, not "
            "only policy calls.",
        .texts = r9_texts,
        .ntexts = sizeof r9_texts / sizeof r9_texts[0],
        .unit = "event name",
        .facts = "CloudTrail records of these calls have $.eventSource "
            "\"s3.amazonaws.com\" and $.eventType \"AwsApiCall\".",
    },
    {
        .id = "cis-config-changes",
        .aliases = r10_aliases,
        .title = "AWS Config configuration changes",
        .requirement = "{ $.eventSource = \"config.amazonaws.com\" && $.eventType = "
            "\"AwsApiCall\" && ($.eventName = \"StopConfigurationRecorder\" || "
            "$.eventName = \"DeleteDeliveryChannel\" || $.eventName = "
            "\"PutDeliveryChannel\" || $.eventName = \"PutConfigurationRecorder\") }",
        .prescribed = "{ ($.eventSource = config.amazonaws.com) && "
            "(($.eventName=StopConfigurationRecorder)||($.eventName=DeleteDeliveryC"
            "hannel)||($.eventName=PutDeliveryChannel)"
            "||($.eventName=PutConfigurationRecorder)) }",
        .sources = BENCH_SOURCES,
        .explanation = "Ensure a log metric filter and alarm exist for AWS Config "
            "configuration changes: the pattern must match every CloudTrail record "
            "of the 4 calls StopConfigurationRecorder, DeleteDeliveryChannel, "
            "PutDeliveryChannel, PutConfigurationRecorder.",
        .texts = r10_texts,
        .ntexts = sizeof r10_texts / sizeof r10_texts[0],
        .unit = "event name",
        .facts = "CloudTrail records of these calls have $.eventSource "
            "\"config.amazonaws.com\" and $.eventType \"AwsApiCall\".",
    },
    {
        .id = "cis-security-group-changes",
        .aliases = r11_aliases,
        .title = "security group changes",
        .requirement = "{ $.eventSource = \"ec2.amazonaws.com\" && $.eventType = \"AwsApiCall\" "
            "&& ($.eventName = \"AuthorizeSecurityGroupIngress\" || $.eventName = "
            "\"AuthorizeSecurityGroupEgress\" || $.eventName = "
            "\"RevokeSecurityGroupIngress\" || $.eventName = "
            "\"RevokeSecurityGroupEgress\" || $.eventName = \"CreateSecurityGroup\" || "
            "$.eventName = \"DeleteSecurityGroup\") }",
        .prescribed = "{ ($.eventName = AuthorizeSecurityGroupIngress) || ($.eventName = "
            "AuthorizeSecurityGroupEgress) || ($.eventName = "
            "RevokeSecurityGroupIngress) || ($.eventName = "
            "RevokeSecurityGroupEgress) || ($.eventName = CreateSecurityGroup) || "
            "($.eventName = DeleteSecurityGroup) }",
        .sources = BENCH_SOURCES,
        .explanation = "Ensure a log metric filter and alarm exist for security group "
            "changes: the pattern must match every CloudTrail record of the 6 "
            "calls AuthorizeSecurityGroupIngress, AuthorizeSecurityGroupEgress, "
            "RevokeSecurityGroupIngress, RevokeSecurityGroupEgress, "
            "CreateSecurityGroup, DeleteSecurityGroup. This is the text of CIS "
            "1.2.0 to 4.0.x and of Security Hub; CIS 5.0.0 and later add "
            "ModifySecurityGroupRules: see cis-security-group-changes-v5.",
        .texts = r11_texts,
        .ntexts = sizeof r11_texts / sizeof r11_texts[0],
        .unit = "event name",
        .facts = "CloudTrail records of these calls have $.eventSource "
            "\"ec2.amazonaws.com\" and $.eventType \"AwsApiCall\".",
    },
    {
        .id = "cis-security-group-changes-v5",
        .aliases = r12_aliases,
        .title = "security group changes (CIS 5.0.0 and later)",
        .requirement = "{ $.eventSource = \"ec2.amazonaws.com\" && $.eventType = \"AwsApiCall\" "
            "&& ($.eventName = \"AuthorizeSecurityGroupIngress\" || $.eventName = "
            "\"AuthorizeSecurityGroupEgress\" || $.eventName = "
            "\"RevokeSecurityGroupIngress\" || $.eventName = "
            "\"RevokeSecurityGroupEgress\" || $.eventName = \"CreateSecurityGroup\" || "
            "$.eventName = \"DeleteSecurityGroup\" || $.eventName = "
            "\"ModifySecurityGroupRules\") }",
        .prescribed = "{ ($.eventName = AuthorizeSecurityGroupIngress) || ($.eventName = "
            "AuthorizeSecurityGroupEgress) || ($.eventName = "
            "RevokeSecurityGroupIngress) || ($.eventName = "
            "RevokeSecurityGroupEgress) || ($.eventName = CreateSecurityGroup) || "
            "($.eventName = DeleteSecurityGroup) || ($.eventName = "
            "ModifySecurityGroupRules) }",
        .sources = BENCH_SOURCES,
        .explanation = "Ensure security group changes are monitored, CIS 5.0.0 to 7.0.0: the "
            "seven calls AuthorizeSecurityGroupIngress, "
            "AuthorizeSecurityGroupEgress, RevokeSecurityGroupIngress, "
            "RevokeSecurityGroupEgress, CreateSecurityGroup, DeleteSecurityGroup, "
            "ModifySecurityGroupRules. Earlier versions and Security Hub "
            "CloudWatch.10 lack ModifySecurityGroupRules: see "
            "cis-security-group-changes.",
        .texts = r12_texts,
        .ntexts = sizeof r12_texts / sizeof r12_texts[0],
        .unit = "event name",
        .facts = "CloudTrail records of these calls have $.eventSource "
            "\"ec2.amazonaws.com\" and $.eventType \"AwsApiCall\".",
    },
    {
        .id = "cis-nacl-changes",
        .aliases = r13_aliases,
        .title = "NACL changes",
        .requirement = "{ $.eventSource = \"ec2.amazonaws.com\" && $.eventType = \"AwsApiCall\" "
            "&& ($.eventName = \"CreateNetworkAcl\" || $.eventName = "
            "\"CreateNetworkAclEntry\" || $.eventName = \"DeleteNetworkAcl\" || "
            "$.eventName = \"DeleteNetworkAclEntry\" || $.eventName = "
            "\"ReplaceNetworkAclEntry\" || $.eventName = "
            "\"ReplaceNetworkAclAssociation\") }",
        .prescribed = "{ ($.eventName = CreateNetworkAcl) || ($.eventName = "
            "CreateNetworkAclEntry) || ($.eventName = DeleteNetworkAcl) || "
            "($.eventName = DeleteNetworkAclEntry) || ($.eventName = "
            "ReplaceNetworkAclEntry) || ($.eventName = "
            "ReplaceNetworkAclAssociation) }",
        .sources = BENCH_SOURCES,
        .explanation = "Ensure a log metric filter and alarm exist for changes to Network "
            "Access Control Lists (NACL): the pattern must match every CloudTrail "
            "record of the 6 calls CreateNetworkAcl, CreateNetworkAclEntry, "
            "DeleteNetworkAcl, DeleteNetworkAclEntry, ReplaceNetworkAclEntry, "
            "ReplaceNetworkAclAssociation.",
        .texts = r13_texts,
        .ntexts = sizeof r13_texts / sizeof r13_texts[0],
        .unit = "event name",
        .facts = "CloudTrail records of these calls have $.eventSource "
            "\"ec2.amazonaws.com\" and $.eventType \"AwsApiCall\".",
    },
    {
        .id = "cis-network-gateway-changes",
        .aliases = r14_aliases,
        .title = "network gateway changes",
        .requirement = "{ $.eventSource = \"ec2.amazonaws.com\" && $.eventType = \"AwsApiCall\" "
            "&& ($.eventName = \"CreateCustomerGateway\" || $.eventName = "
            "\"DeleteCustomerGateway\" || $.eventName = \"AttachInternetGateway\" || "
            "$.eventName = \"CreateInternetGateway\" || $.eventName = "
            "\"DeleteInternetGateway\" || $.eventName = \"DetachInternetGateway\") }",
        .prescribed = "{ ($.eventName = CreateCustomerGateway) || ($.eventName = "
            "DeleteCustomerGateway) || ($.eventName = AttachInternetGateway) || "
            "($.eventName = CreateInternetGateway) || ($.eventName = "
            "DeleteInternetGateway) || ($.eventName = DetachInternetGateway) }",
        .sources = BENCH_SOURCES,
        .explanation = "Ensure a log metric filter and alarm exist for changes to network "
            "gateways: the pattern must match every CloudTrail record of the 6 "
            "calls CreateCustomerGateway, DeleteCustomerGateway, "
            "AttachInternetGateway, CreateInternetGateway, DeleteInternetGateway, "
            "DetachInternetGateway. Only customer and internet gateways: no "
            "transit, NAT, egress-only or VPN gateways.",
        .texts = r14_texts,
        .ntexts = sizeof r14_texts / sizeof r14_texts[0],
        .unit = "event name",
        .facts = "CloudTrail records of these calls have $.eventSource "
            "\"ec2.amazonaws.com\" and $.eventType \"AwsApiCall\".",
    },
    {
        .id = "cis-route-table-changes",
        .aliases = r15_aliases,
        .title = "route table changes",
        .requirement = "{ $.eventSource = \"ec2.amazonaws.com\" && $.eventType = \"AwsApiCall\" "
            "&& ($.eventName = \"CreateRoute\" || $.eventName = \"CreateRouteTable\" "
            "|| $.eventName = \"ReplaceRoute\" || $.eventName = "
            "\"ReplaceRouteTableAssociation\" || $.eventName = \"DeleteRouteTable\" || "
            "$.eventName = \"DeleteRoute\" || $.eventName = \"DisassociateRouteTable\")"
            " }",
        .prescribed = "{ ($.eventName = CreateRoute) || ($.eventName = CreateRouteTable) || "
            "($.eventName = ReplaceRoute) || ($.eventName = "
            "ReplaceRouteTableAssociation) || ($.eventName = DeleteRouteTable) || "
            "($.eventName = DeleteRoute) || ($.eventName = DisassociateRouteTable) "
            "}",
        .sources = BENCH_SOURCES,
        .explanation = "Ensure a log metric filter and alarm exist for route table changes: "
            "the pattern must match every CloudTrail record of the 7 calls "
            "CreateRoute, CreateRouteTable, ReplaceRoute, "
            "ReplaceRouteTableAssociation, DeleteRouteTable, DeleteRoute, "
            "DisassociateRouteTable. From 3.0.0 the audit step prints "
            "`{($.eventSource = ec2.amazonaws.com) && ($.eventName = CreateRoute) "
            "|| ($.eventName = CreateRouteTable) || ...}` without parentheses "
            "around the names; under the documented precedence only "
            "CreateRoute is tied to ec2.amazonaws.com. Every route table call "
            "comes from ec2.amazonaws.com, so both readings, the "
            "remediation text and Security Hub's gated text have the same "
            "requirement, and each of them covers it.",
        .texts = r15_texts,
        .ntexts = sizeof r15_texts / sizeof r15_texts[0],
        .unit = "event name",
        .facts = "CloudTrail records of these calls have $.eventSource "
            "\"ec2.amazonaws.com\" and $.eventType \"AwsApiCall\".",
    },
    {
        .id = "cis-vpc-changes",
        .aliases = r16_aliases,
        .title = "VPC changes",
        .requirement = "{ $.eventSource = \"ec2.amazonaws.com\" && $.eventType = \"AwsApiCall\" "
            "&& ($.eventName = \"CreateVpc\" || $.eventName = \"DeleteVpc\" || "
            "$.eventName = \"ModifyVpcAttribute\" || $.eventName = "
            "\"AcceptVpcPeeringConnection\" || $.eventName = "
            "\"CreateVpcPeeringConnection\" || $.eventName = "
            "\"DeleteVpcPeeringConnection\" || $.eventName = "
            "\"RejectVpcPeeringConnection\" || $.eventName = \"AttachClassicLinkVpc\" "
            "|| $.eventName = \"DetachClassicLinkVpc\" || $.eventName = "
            "\"DisableVpcClassicLink\" || $.eventName = \"EnableVpcClassicLink\") }",
        .prescribed = "{ ($.eventName = CreateVpc) || ($.eventName = DeleteVpc) || "
            "($.eventName = ModifyVpcAttribute) || ($.eventName = "
            "AcceptVpcPeeringConnection) || ($.eventName = "
            "CreateVpcPeeringConnection) || ($.eventName = "
            "DeleteVpcPeeringConnection) || ($.eventName = "
            "RejectVpcPeeringConnection) || ($.eventName = AttachClassicLinkVpc) "
            "|| ($.eventName = DetachClassicLinkVpc) || ($.eventName = "
            "DisableVpcClassicLink) || ($.eventName = EnableVpcClassicLink) }",
        .sources = BENCH_SOURCES,
        .explanation = "Ensure a log metric filter and alarm exist for VPC changes: the "
            "pattern must match every CloudTrail record of the 11 calls CreateVpc, "
            "DeleteVpc, ModifyVpcAttribute, AcceptVpcPeeringConnection, "
            "CreateVpcPeeringConnection, DeleteVpcPeeringConnection, "
            "RejectVpcPeeringConnection, AttachClassicLinkVpc, "
            "DetachClassicLinkVpc, DisableVpcClassicLink, EnableVpcClassicLink. "
            "The list still names the ClassicLink calls, although EC2-Classic is "
            "retired.",
        .texts = r16_texts,
        .ntexts = sizeof r16_texts / sizeof r16_texts[0],
        .unit = "event name",
        .facts = "CloudTrail records of these calls have $.eventSource "
            "\"ec2.amazonaws.com\" and $.eventType \"AwsApiCall\".",
    },
    {
        .id = "cis-organizations-changes",
        .aliases = r17_aliases,
        .title = "AWS Organizations changes",
        .requirement = "{ $.eventSource = \"organizations.amazonaws.com\" && $.eventType = "
            "\"AwsApiCall\" && ($.eventName = \"AcceptHandshake\" || $.eventName = "
            "\"AttachPolicy\" || $.eventName = \"CreateAccount\" || $.eventName = "
            "\"CreateOrganizationalUnit\" || $.eventName = \"CreatePolicy\" || "
            "$.eventName = \"DeclineHandshake\" || $.eventName = "
            "\"DeleteOrganization\" || $.eventName = \"DeleteOrganizationalUnit\" || "
            "$.eventName = \"DeletePolicy\" || $.eventName = \"DetachPolicy\" || "
            "$.eventName = \"DisablePolicyType\" || $.eventName = \"EnablePolicyType\" "
            "|| $.eventName = \"InviteAccountToOrganization\" || $.eventName = "
            "\"LeaveOrganization\" || $.eventName = \"MoveAccount\" || $.eventName = "
            "\"RemoveAccountFromOrganization\" || $.eventName = \"UpdatePolicy\" || "
            "$.eventName = \"UpdateOrganizationalUnit\") }",
        .prescribed = "{ ($.eventSource = organizations.amazonaws.com) && (($.eventName = "
            "\"AcceptHandshake\") || ($.eventName = \"AttachPolicy\") || ($.eventName "
            "= \"CreateAccount\") || ($.eventName = \"CreateOrganizationalUnit\") || "
            "($.eventName = \"CreatePolicy\") || ($.eventName = \"DeclineHandshake\") "
            "|| ($.eventName = \"DeleteOrganization\") || ($.eventName = "
            "\"DeleteOrganizationalUnit\") || ($.eventName = \"DeletePolicy\") || "
            "($.eventName = \"DetachPolicy\") || ($.eventName = \"DisablePolicyType\") "
            "|| ($.eventName = \"EnablePolicyType\") || ($.eventName = "
            "\"InviteAccountToOrganization\") || ($.eventName = \"LeaveOrganization\") "
            "|| ($.eventName = \"MoveAccount\") || ($.eventName = "
            "\"RemoveAccountFromOrganization\") || ($.eventName = \"UpdatePolicy\") || "
            "($.eventName = \"UpdateOrganizationalUnit\")) }",
        .sources = BENCH_SOURCES,
        .explanation = "Ensure a log metric filter and alarm exist for AWS Organizations "
            "changes (new in CIS 1.3.0): the eighteen calls AcceptHandshake, "
            "AttachPolicy, CreateAccount, CreateOrganizationalUnit, CreatePolicy, "
            "DeclineHandshake, DeleteOrganization, DeleteOrganizationalUnit, "
            "DeletePolicy, DetachPolicy, DisablePolicyType, EnablePolicyType, "
            "InviteAccountToOrganization, LeaveOrganization, MoveAccount, "
            "RemoveAccountFromOrganization, UpdatePolicy, "
            "UpdateOrganizationalUnit. The benchmark's text already gates on "
            "organizations.amazonaws.com; Security Hub has no CloudWatch control "
            "for it.",
        .texts = r17_texts,
        .ntexts = sizeof r17_texts / sizeof r17_texts[0],
        .unit = "event name",
        .facts = "CloudTrail records of these calls have $.eventSource "
            "\"organizations.amazonaws.com\" and $.eventType \"AwsApiCall\".",
    },
};

const size_t cwf_bench_nrules = sizeof cwf_bench_rules / sizeof cwf_bench_rules[0];

const cwf_bench_rule *cwf_bench_rule_find(const char *id_or_alias)
{
    for (size_t i = 0; i < cwf_bench_nrules; i++) {
        const cwf_bench_rule *r = &cwf_bench_rules[i];
        if (strcasecmp(r->id, id_or_alias) == 0)
            return r;
        for (const char *const *a = r->aliases; a && *a; a++)
            if (strcasecmp(*a, id_or_alias) == 0)
                return r;
    }
    return NULL;
}

/* Appends text wrapped at width columns, each line starting with indent
 * spaces; "\n\n" in text starts a new paragraph. */
static void wrap(cwf_buf *out, const char *text, int indent, int width)
{
    const char *p = text;
    while (*p) {
        int col = 0;
        cwf_buf_printf(out, "%*s", indent, "");
        col = indent;
        bool first = true;
        while (*p && *p != '\n') {
            const char *w = p;
            while (*p && *p != ' ' && *p != '\n')
                p++;
            int len = (int)(p - w);
            if (!first && col + 1 + len > width) {
                cwf_buf_printf(out, "\n%*s", indent, "");
                col = indent;
                first = true;
            }
            if (!first) {
                cwf_buf_putc(out, ' ');
                col++;
            }
            cwf_buf_add(out, w, (size_t)len);
            col += len;
            first = false;
            while (*p == ' ')
                p++;
        }
        cwf_buf_putc(out, '\n');
        while (*p == '\n') {
            if (p[1] == '\n')
                cwf_buf_putc(out, '\n');
            p += p[1] == '\n' ? 2 : 1;
        }
    }
}

void cwf_bench_rule_explain(const cwf_bench_rule *r, cwf_buf *out)
{
    cwf_buf_printf(out, "%s: %s\n", r->id, r->title);
    if (r->aliases && r->aliases[0]) {
        cwf_buf al = CWF_BUF_INIT;
        cwf_buf_puts(&al, "aliases:");
        for (const char *const *a = r->aliases; *a; a++)
            cwf_buf_printf(&al, "%s %s", a == r->aliases ? "" : ",", *a);
        wrap(out, cwf_buf_str(&al), 0, 78);
        cwf_buf_free(&al);
    }
    cwf_buf_putc(out, '\n');
    wrap(out, r->explanation, 0, 78);
    cwf_buf_puts(out, "\nrequirement (what `cwfilter check` proves a pattern covers):\n  ");
    cwf_buf_puts(out, r->requirement);
    cwf_buf_putc(out, '\n');
    if (r->facts) {
        cwf_buf_putc(out, '\n');
        wrap(out, r->facts, 0, 78);
    }
    cwf_buf_puts(out, "\nprescribed texts (what `cwfilter check --literal` compares with):\n");
    for (size_t i = 0; i < r->ntexts; i++) {
        wrap(out, r->texts[i].label, 2, 78);
        cwf_buf_printf(out, "    %s\n", r->texts[i].text);
    }
    cwf_buf_puts(out, "\nsources:\n");
    wrap(out, r->sources, 2, 78);
}
