from ninja import Router

from keyplan.api.schemas import MeOut

router = Router(tags=["me"])


@router.get("/me", response=MeOut, summary="The authenticated user")
def me(request):
    user = request.auth
    return {"id": user.pk, "username": user.username, "name": str(user), "role": user.role}
