"""The baseline: a sequential boto3 crawler, the way a user would script reading the mesh.

usage: crawl_boto3.py ENDPOINT ACCOUNTS

For every account in turn: assume its role, then Glue GetDatabases and GetTables (paginated),
the LF-tags of every database, table and column (GetResourceLFTags; moto answers column tags
only when the columns are named, so a table costs two calls, as it does Meshdesk), ListLFTags,
ListPermissions, ListDataCellsFilter, GetDataLakeSettings. It reads what Meshdesk's crawl reads; it prints how many tables it saw.
"""
import sys

# Beside it in the bench's directory: the same sign-in per account (AssumeRole, then clients).
from seed_moto import account_id, clients


def main():
    endpoint, accounts = sys.argv[1], int(sys.argv[2])
    seen = 0
    for k in range(accounts):
        glue, lf = clients(endpoint, account_id(k))
        catalog = {"tags": {}, "tables": []}
        for page in lf.get_paginator("list_lf_tags").paginate():
            catalog["lf_tags"] = page.get("LFTags", [])
        for page in glue.get_paginator("get_databases").paginate():
            for db in page["DatabaseList"]:
                name = db["Name"]
                tags = lf.get_resource_lf_tags(Resource={"Database": {"Name": name}}, ShowAssignedLFTags=True)
                catalog["tags"][name] = tags.get("LFTagOnDatabase", [])
                for tpage in glue.get_paginator("get_tables").paginate(DatabaseName=name):
                    for table in tpage["TableList"]:
                        resource = {"DatabaseName": name, "Name": table["Name"]}
                        own = lf.get_resource_lf_tags(Resource={"Table": resource}, ShowAssignedLFTags=True)
                        columns = [c["Name"] for c in table.get("StorageDescriptor", {}).get("Columns", [])]
                        columns += [c["Name"] for c in table.get("PartitionKeys", [])]
                        cols = lf.get_resource_lf_tags(
                            Resource={"TableWithColumns": dict(resource, ColumnNames=columns)}, ShowAssignedLFTags=True
                        )
                        catalog["tables"].append((table, own.get("LFTagsOnTable", []), cols.get("LFTagsOnColumns", [])))
        grants = []
        token = None
        while True:  # boto3 has no paginator for ListPermissions
            page = lf.list_permissions(**({"NextToken": token} if token else {}))
            grants.extend(page.get("PrincipalResourcePermissions", []))
            token = page.get("NextToken")
            if not token:
                break
        catalog["filters"] = lf.list_data_cells_filter().get("DataCellsFilters", [])
        catalog["settings"] = lf.get_data_lake_settings().get("DataLakeSettings", {})
        seen += len(catalog["tables"])
    print(seen)


if __name__ == "__main__":
    main()
